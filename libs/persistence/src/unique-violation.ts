/** A unique-index violation of the named index (PostgreSQL 23505), as TypeORM or the pg driver reports it. */
export function isUniqueViolation(e: unknown, index: string): boolean {
  const err = (e as { driverError?: { code?: string; constraint?: string } })?.driverError ?? (e as { code?: string; constraint?: string });
  return err?.code === '23505' && err?.constraint === index;
}
