import { loadPetitionsConfig, servedQueues } from './petitions.config';

describe('loadPetitionsConfig', () => {
  it('reads the served units as a de-duplicated list, serves the general queue by default and defaults the port', () => {
    const c = loadPetitionsConfig({ PETITIONS_ORG_UNITS: ' 621102, 621102101,621102 ,' });
    expect(c.PETITIONS_ORG_UNITS).toEqual(['621102', '621102101']);
    expect(c.PORT).toBe(3104);
    expect(servedQueues(c)).toEqual([{}, { orgUnit: '621102' }, { orgUnit: '621102101' }]);
  });

  it('a township beside the county leaves the general queue to the county', () => {
    const c = loadPetitionsConfig({ PETITIONS_ORG_UNITS: '621102101', PETITIONS_GENERAL_QUEUE: 'false' });
    expect(servedQueues(c)).toEqual([{ orgUnit: '621102101' }]);
  });

  it('refuses to start without units, or with a code that is no division code', () => {
    expect(() => loadPetitionsConfig({})).toThrow(/PETITIONS_ORG_UNITS: required/);
    expect(() => loadPetitionsConfig({ PETITIONS_ORG_UNITS: ' , ' })).toThrow(/at least one/);
    expect(() => loadPetitionsConfig({ PETITIONS_ORG_UNITS: '621102,petitions@x' })).toThrow(/PETITIONS_ORG_UNITS\.1/);
  });

  it('requires the payload keyring in production', () => {
    expect(() => loadPetitionsConfig({ NODE_ENV: 'production', PETITIONS_ORG_UNITS: '621102' })).toThrow(/TEMPORAL_CODEC_KEYRING: required in production/);
  });
});
