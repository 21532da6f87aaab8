import { natsServerOptions, streamReplicas } from './nats-url';

describe('natsServerOptions', () => {
  it('passes a URL without credentials through', () => {
    expect(natsServerOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('takes the user and password out of the URL (nats.js would drop them)', () => {
    expect(natsServerOptions('nats://intake:s3cr%40t@nats:4222')).toEqual({ servers: ['nats://nats:4222'], user: 'intake', pass: 's3cr@t' });
  });

  it('lists every node of a cluster, with the one pair of credentials', () => {
    expect(natsServerOptions('nats://gw:pw@nats:4222, nats://gw:pw@nats-2:4222,nats://nats-3:4222')).toEqual({
      servers: ['nats://nats:4222', 'nats://nats-2:4222', 'nats://nats-3:4222'],
      user: 'gw',
      pass: 'pw',
    });
  });

  it('refuses different credentials per node and an empty URL', () => {
    expect(() => natsServerOptions('nats://a:1@nats:4222,nats://b:2@nats-2:4222')).toThrow(/different users/);
    expect(() => natsServerOptions(' , ')).toThrow(/empty/);
  });
});

describe('streamReplicas', () => {
  it('is 1 unless NATS_STREAM_REPLICAS says 3 or 5', () => {
    expect(streamReplicas({})).toBe(1);
    expect(streamReplicas({ NATS_STREAM_REPLICAS: '' })).toBe(1);
    expect(streamReplicas({ NATS_STREAM_REPLICAS: '3' })).toBe(3);
    expect(() => streamReplicas({ NATS_STREAM_REPLICAS: '2' })).toThrow(/expected 1, 3 or 5/);
  });
});
