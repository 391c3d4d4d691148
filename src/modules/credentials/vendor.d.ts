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

// The independent implementation used only by interop.test.ts; loosely typed on purpose.
declare module '@digitalbazaar/vc' {
  // biome-ignore lint/suspicious/noExplicitAny: third-party API without declarations
  export function verifyCredential(options: any): Promise<any>;
  // biome-ignore lint/suspicious/noExplicitAny: third-party API without declarations
  export function issue(options: any): Promise<any>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    // biome-ignore lint/suspicious/noExplicitAny: third-party API without declarations
    constructor(options: any);
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/ed25519-multikey' {
  // biome-ignore lint/suspicious/noExplicitAny: third-party API without declarations
  export function generate(options: any): Promise<any>;
}
declare module 'jsonld-signatures' {
  const jsigs: {
    // biome-ignore lint/suspicious/noExplicitAny: third-party API without declarations
    verify(document: unknown, options: any): Promise<any>;
    purposes: { AssertionProofPurpose: new () => unknown };
  };
  export default jsigs;
}
