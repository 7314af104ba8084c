import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCalledTool } from './find-called-tool.ts';

describe('findCalledTool', () => {
  it('finds "call <name>" case-insensitively', () => {
    assert.equal(findCalledTool('Could you CALL Get_Weather?', ['get_weather']), 'get_weather');
  });

  it('ignores a longer name that only starts with an offered one', () => {
    assert.equal(findCalledTool('call get_weather_v2', ['get_weather']), undefined);
    assert.equal(findCalledTool('call get_weather_v2', ['get_weather', 'get_weather_v2']), 'get_weather_v2');
  });

  it('ignores "call" inside another word', () => {
    assert.equal(findCalledTool('recall search', ['search']), undefined);
  });

  it('picks the earliest mention when several tools are named', () => {
    assert.equal(findCalledTool('call b then call a', ['a', 'b']), 'b');
  });
});
