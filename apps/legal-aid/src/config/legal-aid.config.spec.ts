import { loadLegalAidConfig, servedQueues } from './legal-aid.config';

describe('loadLegalAidConfig', () => {
  it('reads the served units as a de-duplicated list, serves the general queue by default and defaults the port', () => {
    const c = loadLegalAidConfig({ LEGAL_AID_ORG_UNITS: ' 621102, 621102101,621102 ,' });
    expect(c.LEGAL_AID_ORG_UNITS).toEqual(['621102', '621102101']);
    expect(c.PORT).toBe(3103);
    expect(servedQueues(c)).toEqual([{}, { orgUnit: '621102' }, { orgUnit: '621102101' }]);
  });

  it('a township beside the county leaves the general queue to the county', () => {
    const c = loadLegalAidConfig({ LEGAL_AID_ORG_UNITS: '621102101', LEGAL_AID_GENERAL_QUEUE: 'false' });
    expect(servedQueues(c)).toEqual([{ orgUnit: '621102101' }]);
  });

  it('refuses to start without units, or with a code that is no division code', () => {
    expect(() => loadLegalAidConfig({})).toThrow(/LEGAL_AID_ORG_UNITS: required/);
    expect(() => loadLegalAidConfig({ LEGAL_AID_ORG_UNITS: ' , ' })).toThrow(/at least one/);
    expect(() => loadLegalAidConfig({ LEGAL_AID_ORG_UNITS: '621102,legal-aid@x' })).toThrow(/LEGAL_AID_ORG_UNITS\.1/);
  });

  it('requires the payload keyring in production', () => {
    expect(() => loadLegalAidConfig({ NODE_ENV: 'production', LEGAL_AID_ORG_UNITS: '621102' })).toThrow(/TEMPORAL_CODEC_KEYRING: required in production/);
  });
});
