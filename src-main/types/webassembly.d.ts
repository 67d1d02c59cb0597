// The WebAssembly globals main uses (engine/kernels/simd.ts). Node has them at run time, but @types/node 22 leaves
// their types to lib.dom, which tsconfig.node.json does not load (so that main cannot reach for `document`).

declare namespace WebAssembly {
  interface Memory { readonly buffer: ArrayBuffer | SharedArrayBuffer }
  interface Instance { readonly exports: Record<string, unknown> }
}

declare var WebAssembly: {
  Memory: { prototype: WebAssembly.Memory; new (d: { initial: number; maximum?: number; shared?: boolean }): WebAssembly.Memory };
  Module: { prototype: WebAssembly.Module; new (bytes: ArrayBufferView | ArrayBuffer): WebAssembly.Module };
  Instance: { prototype: WebAssembly.Instance; new (m: WebAssembly.Module, imports?: Record<string, Record<string, unknown>>): WebAssembly.Instance };
};
