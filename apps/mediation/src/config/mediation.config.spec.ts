import { loadMediationConfig } from './mediation.config';

describe('loadMediationConfig', () => {
  it('reads the served org units as a de-duplicated list and defaults the port', () => {
    const c = loadMediationConfig({ MEDIATION_ORG_UNITS: ' 621102101, 621100,621102101 ,' });
    expect(c.MEDIATION_ORG_UNITS).toEqual(['621102101', '621100']);
    expect(c.PORT).toBe(3102);
  });

  it('refuses to start without org units, or with a code that is no division code', () => {
    expect(() => loadMediationConfig({})).toThrow(/MEDIATION_ORG_UNITS: required/);
    expect(() => loadMediationConfig({ MEDIATION_ORG_UNITS: ' , ' })).toThrow(/at least one/);
    expect(() => loadMediationConfig({ MEDIATION_ORG_UNITS: '621102101,mediation@x' })).toThrow(/MEDIATION_ORG_UNITS\.1/);
  });

  it('requires the payload keyring in production', () => {
    expect(() => loadMediationConfig({ NODE_ENV: 'production', MEDIATION_ORG_UNITS: '621100' })).toThrow(/TEMPORAL_CODEC_KEYRING: required in production/);
  });
});
