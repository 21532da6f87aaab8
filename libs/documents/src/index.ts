export * from './official-document';
export * from './petition-documents';
