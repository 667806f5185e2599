// Vite's `?url` imports (the renderer's build): the asset's URL, for what must be fetched rather than bundled
// (zxing-cpp's WebAssembly in the camera worker).
declare module '*?url' {
  const url: string;
  export default url;
}
