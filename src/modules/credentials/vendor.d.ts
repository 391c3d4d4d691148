// jsonld ships no type declarations; only the call this module makes is described.
declare module 'jsonld' {
  type RemoteDocument = { contextUrl: string | null; documentUrl: string; document: unknown };
  const jsonld: {
    canonize(
      input: unknown,
      options: {
        algorithm: 'RDFC-1.0';
        format: 'application/n-quads';
        documentLoader: (url: string) => Promise<RemoteDocument>;
        safe?: boolean;
      },
    ): Promise<string>;
  };
  export default jsonld;
}

// The W3C VC contexts as a map of URL → parsed context; the package ships no declarations.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, unknown>;
}
