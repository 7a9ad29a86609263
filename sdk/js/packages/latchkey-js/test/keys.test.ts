import { describe, expect, it } from 'vitest';
import { cookieSuffix, isLatchkeyError, parsePublishableKey } from '../src/index.js';

describe('parsePublishableKey', () => {
  it('parsePublishableKey_TestKey_DevelopmentWithHost', () => {
    const key = parsePublishableKey('pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk');
    expect(key).toEqual({ key: 'pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk', instanceType: 'development', frontendApi: 'example.accounts.dev' });
  });

  it('parsePublishableKey_LiveKeyWithPadding_Production', () => {
    const key = parsePublishableKey('pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=');
    expect(key.instanceType).toBe('production');
    expect(key.frontendApi).toBe('fake-clerk-test.clerk.accounts.dev');
  });

  it('parsePublishableKey_LoopbackHostWithPort_Accepted', () => {
    expect(parsePublishableKey(`pk_test_${btoa('127.0.0.1:5100$')}`).frontendApi).toBe('127.0.0.1:5100');
  });

  it.each([
    ['empty', ''],
    ['wrong prefix', `sk_test_${btoa('example.com$')}`],
    ['unknown environment', `pk_prod_${btoa('example.com$')}`],
    ['extra underscore', `pk_test_${btoa('example.com$')}_x`],
    ['not base64', 'pk_test_%%%%'],
    ['no dollar', `pk_test_${btoa('example.com')}`],
    ['two dollars', `pk_test_${btoa('exa$mple.com$')}`],
    ['host without a dot', `pk_test_${btoa('localhost:5100$')}`],
  ])('parsePublishableKey_%s_InvalidPublishableKey', (_name, key) => {
    let caught: unknown;
    try {
      parsePublishableKey(key);
    } catch (e) {
      caught = e;
    }
    expect(isLatchkeyError(caught, 'invalid-publishable-key')).toBe(true);
  });
});

describe('cookieSuffix', () => {
  it.each([
    ['pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=', 'qReyu04C'],
    ['pk_test_Y2xlcmsuY2xlcmsuZGV2JA', 'QvfNY2dr'],
    ['pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k', 'jtYvyt_H'],
    ['pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk', 'PXVV4PZn'],
  ])('cookieSuffix_ProtocolVector_%s', async (key, suffix) => {
    expect(await cookieSuffix(key)).toBe(suffix);
  });
});
