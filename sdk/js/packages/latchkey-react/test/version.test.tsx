import { version } from 'react';
import { describe, expect, it } from 'vitest';

describe('React under test', () => {
  it('React_Version_IsTheMajorThisProjectRuns', () => {
    expect(version.split('.')[0]).toBe(process.env['EXPECT_REACT_MAJOR']);
  });
});
