export * from './official-document';
export * from './petition-documents';
export * from './legal-aid-documents';
