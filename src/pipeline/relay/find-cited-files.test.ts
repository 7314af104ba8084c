import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCitedFiles } from './find-cited-files.ts';

test('an Anthropic message cites files in document and image sources, container uploads and tool results', () => {
  const body = {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'document', source: { type: 'file', file_id: 'file_doc' } },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          { type: 'container_upload', file_id: 'file_container' },
          {
            type: 'tool_result',
            tool_use_id: 't',
            content: [{ type: 'image', source: { type: 'file', file_id: 'file_img' } }],
          },
        ],
      },
      { role: 'assistant', content: 'plain text' },
    ],
  };
  assert.deepEqual(findCitedFiles('messages', body), ['file_doc', 'file_container', 'file_img']);
});

test('OpenAI chat file parts, Responses input files and Gemini file URIs are found; text is not', () => {
  assert.deepEqual(
    findCitedFiles('chat', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'file', file: { file_id: 'file-abc' } },
            { type: 'text', text: 'file-x' },
          ],
        },
      ],
    }),
    ['file-abc'],
  );
  assert.deepEqual(
    findCitedFiles('responses', {
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', file_id: 'file-pdf' },
            { type: 'input_text', text: 'hi' },
          ],
        },
      ],
    }),
    ['file-pdf'],
  );
  assert.deepEqual(
    findCitedFiles('generate', {
      contents: [
        {
          parts: [
            {
              fileData: {
                fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc123',
                mimeType: 'text/plain',
              },
            },
            { text: 'x' },
          ],
        },
      ],
    }),
    ['abc123'],
  );
  assert.deepEqual(findCitedFiles('responses', { input: 'just text' }), []);
});
