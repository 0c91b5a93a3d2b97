// Ambient types for Vite, Svelte components and the app's build-time configuration.
/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional 天地图 key, so a deployment can enable the Tianditu base map without each user typing one. */
  readonly VITE_TIANDITU_KEY?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
