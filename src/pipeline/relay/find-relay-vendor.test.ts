import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findRelayVendor } from './find-relay-vendor.ts';

test('Gemini paths are known by their prefix, or by a Gemini key under /v1/', () => {
  assert.equal(findRelayVendor('/v1beta/files', {}, ''), 'gemini');
  assert.equal(findRelayVendor('/upload/v1beta/files', {}, '?uploadType=multipart'), 'gemini');
  assert.equal(findRelayVendor('/upload/v1/files', {}, '?upload_id=abc'), 'gemini');
  assert.equal(findRelayVendor('/v1/files/abc', { 'x-goog-api-key': 'k' }, ''), 'gemini');
  assert.equal(findRelayVendor('/v1/models/gemini-2.5-pro:countTokens', { 'x-goog-api-key': 'k' }, ''), 'gemini');
  assert.equal(findRelayVendor('/v1/models/gemini-2.5-pro:countTokens', {}, '?key=k'), 'gemini');
});

test("under /v1/ the Anthropic SDK is known by its version header or key, anything else is OpenAI's", () => {
  assert.equal(findRelayVendor('/v1/files', { 'anthropic-version': '2023-06-01' }, ''), 'anthropic');
  assert.equal(findRelayVendor('/v1/messages/batches', { 'x-api-key': 'k' }, ''), 'anthropic');
  assert.equal(findRelayVendor('/v1/files', { authorization: 'Bearer k' }, ''), 'openai');
  assert.equal(findRelayVendor('/v1/batches/batch_1', {}, ''), 'openai');
});

test("paths outside the vendors' APIs are nobody's", () => {
  for (const path of ['/', '/v1', '/v1/', '/v2/files', '/favicon.ico', '/admin/x']) {
    assert.equal(findRelayVendor(path, { 'anthropic-version': '2023-06-01' }, ''), undefined, path);
  }
});
