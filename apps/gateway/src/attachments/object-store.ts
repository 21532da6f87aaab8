import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AttachmentFailures } from '@fengqiao/rules';
import { ProblemException } from '../problems/problem.exception';

export interface ObjectStoreConfig {
  /** Where the gateway reaches the S3 server. */
  endpoint: string;
  /** Where clients reach it (presigned URLs name this host); the endpoint when unset. */
  publicEndpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Lifetime of presigned upload and download URLs. */
  urlTtlSeconds: number;
}

export interface PresignedUrl {
  url: string;
  expiresAt: string;
}

/** An S3 failure (server down, refused) is a passing outage for the caller: 503, never a 500. */
async function unavailableOnError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ProblemException) throw e;
    throw new ProblemException(AttachmentFailures.problem('ATTACHMENT_STORE_UNAVAILABLE'));
  }
}

const notFound = (e: unknown) => {
  const m = (e as { $metadata?: { httpStatusCode?: number }; name?: string }) ?? {};
  return m.$metadata?.httpStatusCode === 404 || m.name === 'NotFound' || m.name === 'NoSuchKey' || m.name === 'NoSuchBucket';
};

/**
 * The S3-compatible object store that holds attachments (SeaweedFS locally, any S3 server in
 * production): presigned URLs for clients, and the gateway's own reads and writes of the objects.
 */
export class ObjectStore {
  private readonly client: S3Client;
  private readonly signer: S3Client;
  private bucketReady?: Promise<void>;

  constructor(private readonly c: ObjectStoreConfig) {
    const base: S3ClientConfig = {
      region: c.region,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      forcePathStyle: true,
      // No checksum of the SDK's own choosing on presigned URLs: the client uploads its file as it is.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
    };
    this.client = new S3Client({ ...base, endpoint: c.endpoint });
    this.signer = new S3Client({ ...base, endpoint: c.publicEndpoint || c.endpoint });
  }

  /** The bucket exists (created on first use when the server lets us). */
  private ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      try {
        await this.client.send(new HeadBucketCommand({ Bucket: this.c.bucket }));
      } catch (e) {
        if (!notFound(e)) throw e;
        await this.client.send(new CreateBucketCommand({ Bucket: this.c.bucket }));
      }
    })().catch((e: unknown) => {
      this.bucketReady = undefined;
      throw e;
    });
    return this.bucketReady;
  }

  private expiresAt(): string {
    return new Date(Date.now() + this.c.urlTtlSeconds * 1000).toISOString();
  }

  /** A short-lived PUT of exactly this type and size to `key`. */
  presignUpload(key: string, contentType: string, size: number): Promise<PresignedUrl> {
    return unavailableOnError(async () => {
      await this.ensureBucket();
      const cmd = new PutObjectCommand({ Bucket: this.c.bucket, Key: key, ContentType: contentType, ContentLength: size });
      const url = await getSignedUrl(this.signer, cmd, { expiresIn: this.c.urlTtlSeconds, signableHeaders: new Set(['content-type', 'content-length']) });
      return { url, expiresAt: this.expiresAt() };
    });
  }

  /** A short-lived GET of `key`, saved under the file's name. */
  presignDownload(key: string, fileName: string, contentType: string): Promise<PresignedUrl> {
    return unavailableOnError(async () => {
      const cmd = new GetObjectCommand({
        Bucket: this.c.bucket,
        Key: key,
        ResponseContentType: contentType,
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      });
      return { url: await getSignedUrl(this.signer, cmd, { expiresIn: this.c.urlTtlSeconds }), expiresAt: this.expiresAt() };
    });
  }

  /** The size of the object, or undefined when there is none. */
  size(key: string): Promise<number | undefined> {
    return unavailableOnError(async () => {
      try {
        const h = await this.client.send(new HeadObjectCommand({ Bucket: this.c.bucket, Key: key }));
        return h.ContentLength ?? 0;
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    });
  }

  read(key: string): Promise<Buffer> {
    return unavailableOnError(async () => {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.c.bucket, Key: key }));
      return Buffer.from(await r.Body!.transformToByteArray());
    });
  }

  /** Writes the object; answers its SHA-256. */
  write(key: string, bytes: Buffer, contentType: string): Promise<string> {
    return unavailableOnError(async () => {
      await this.client.send(new PutObjectCommand({ Bucket: this.c.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
      return createHash('sha256').update(bytes).digest('hex');
    });
  }

  remove(key: string): Promise<void> {
    return unavailableOnError(async () => {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.c.bucket, Key: key }));
    });
  }
}
