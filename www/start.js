// Starts the page's wasm. Trunk's own starter is an inline <script>, which a strict
// Content-Security-Policy (script-src 'self') refuses; Trunk.toml's pattern_script puts this
// file in its place, with the hashed names of the JS glue and the wasm on the tag.
const tag = document.querySelector('script[data-app-js][data-app-wasm]');
const { default: init } = await import(tag.dataset.appJs);
await init({ module_or_path: tag.dataset.appWasm });
