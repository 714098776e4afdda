/*
 * embed.js: NN Playground on a course page, as the custom element <nn-playground>.
 *
 *   <script src="https://host/path/embed.js"></script>
 *   <nn-playground preset="momentum" lock="optimizer" hide="seed" text="hide"
 *                  target="test_loss<=0.2" lang="zh" width="720" height="560">
 *     <a href="https://host/path/?preset=momentum">Open the momentum preset</a>
 *   </nn-playground>
 *
 * The element replaces its content (a fallback link, say) with an <iframe> of the
 * playground, with the settings in the iframe URL's hash:
 *
 *   https://host/path/#preset=momentum&lock=optimizer&hide=seed&text=hide
 *     &target=test_loss%3C%3D0.2&lang=zh&embed=1&origins=https%3A%2F%2Fcourse.example.org
 *
 * Attributes (each optional; a change reloads the playground, except width, height, title):
 *   preset   the preset to open (`momentum`, `cnn-digits`, ...: the names of `nnplay presets`)
 *   lock     controls shown but not changeable (comma-separated, such as `optimizer`)
 *   hide     controls not shown (comma-separated, such as `seed`)
 *   text     `hide` hides the preset's explanation
 *   target   a goal such as `test_loss<=0.2` or `test_accuracy>=0.9`; reaching it posts
 *            a `target-reached` event
 *   lang     `en` or `zh`
 *   hash     more `key=value&...` pairs, appended to the hash as they are
 *   src      the playground's address; by default the folder this script was loaded from
 *   width, height   of the iframe, in pixels (720 and 560 by default)
 *   title    the iframe's accessible name (by default "NN Playground: <preset>")
 * The hash always ends in `embed=1&origins=<this page's origin>`: the playground takes
 * commands from, and posts events to, that origin only.
 *
 * Events, dispatched on the element (they bubble), each a CustomEvent whose `detail` is
 * the playground's message: `type` in kebab-case, the other keys in snake_case; numbers
 * that are NaN or infinite arrive as null.
 *   nnp-ready           {source: "nn-playground", type: "ready", preset, version}
 *                       the playground takes commands from now on
 *   nnp-step            {type: "step", step, loss}  at most 10 a second while training
 *   nnp-metrics         {type: "metrics", step, train_loss, test_loss, train_accuracy,
 *                        test_accuracy}  after each evaluation; accuracies are null for regression
 *   nnp-target-reached  {type: "target-reached", goal, step}  the `target` goal was first met
 *   nnp-error           {type: "error", message}  a refused command, a run that failed
 *
 * Methods (commands sent before `nnp-ready` wait for it):
 *   play(), pause(), reset(), step()   as the playground's buttons
 *   set(field, value)   field: learning_rate, batch_size, l1, l2, dropout, momentum, seed or
 *                       speed (1, 4, 16, 60 or "max" steps a second); an invalid value is
 *                       answered with an nnp-error event naming the range
 *   ready               (a property) whether nnp-ready has arrived
 *
 * Security: a message is taken only from this element's own iframe (`event.source`) and
 * the playground's origin (`event.origin`); commands are posted to the playground's origin
 * only, never "*". The playground checks the other way round (see crates/app/src/embed).
 *
 * Content Security Policy: the script sets no inline style and evaluates no strings, so a
 * host page with `script-src 'self'; style-src 'self'` only has to allow the playground in
 * `frame-src`. The iframe has the class `nn-playground-frame` for the host's stylesheet
 * (a border, `max-width: 100%`); the element itself is an inline element until styled.
 */
(() => {
  'use strict';

  if (!window.customElements || customElements.get('nn-playground')) return;

  /** The settings copied from attributes into the hash, in this order. */
  const SETTINGS = ['preset', 'lock', 'hide', 'text', 'target', 'lang'];
  const MESSAGE_SOURCE = 'nn-playground';
  const MESSAGE_TARGET = 'nn-playground';
  /** The event types re-dispatched: short kebab-case names, so `nnp-${type}` is a plain name. */
  const EVENT_TYPE = /^[a-z][a-z0-9-]{0,39}$/;
  /** Commands kept while the playground loads; older ones beyond this are dropped. */
  const MAX_QUEUED = 32;
  const DEFAULT_WIDTH = '720';
  const DEFAULT_HEIGHT = '560';

  /** The folder this script came from, where the playground lives unless `src` says otherwise. */
  const scriptFolder = (() => {
    const script =
      document.currentScript ??
      [...document.querySelectorAll('script[src]')].find((s) => /(^|\/)embed\.js([?#]|$)/.test(s.src));
    return new URL('./', script ? script.src : document.baseURI).href;
  })();

  class NnPlayground extends HTMLElement {
    static get observedAttributes() {
      return [...SETTINGS, 'hash', 'src', 'width', 'height', 'title'];
    }

    #iframe = null;
    #appOrigin = null;
    #ready = false;
    #queue = [];
    #onMessage = (event) => this.#receive(event);

    connectedCallback() {
      window.addEventListener('message', this.#onMessage);
      // Parsed before its content (the script loaded in <head>): wait, so the fallback
      // content is there to be replaced.
      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', () => this.isConnected && !this.#iframe && this.#render(), {
          once: true,
        });
      } else {
        this.#render();
      }
    }

    disconnectedCallback() {
      window.removeEventListener('message', this.#onMessage);
      this.#iframe?.remove();
      this.#iframe = null;
      this.#ready = false;
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (!this.#iframe || oldValue === newValue) return;
      if (name === 'width' || name === 'height' || name === 'title') {
        this.#frameAttributes(this.#iframe);
      } else {
        this.#render();
      }
    }

    /** Whether the playground has said it is ready for commands. */
    get ready() {
      return this.#ready;
    }

    play() {
      this.#send({ type: 'play' });
    }

    pause() {
      this.#send({ type: 'pause' });
    }

    reset() {
      this.#send({ type: 'reset' });
    }

    step() {
      this.#send({ type: 'step' });
    }

    /** Changes one setting; the playground checks the value and answers nnp-error if it is refused. */
    set(field, value) {
      if (typeof field !== 'string') throw new TypeError('nn-playground set(field, value): field must be a string');
      this.#send({ type: 'set', field, value });
    }

    /** (Re)builds the iframe from the attributes. */
    #render() {
      const app = this.#appUrl();
      this.#ready = false;
      if (!app) {
        this.#iframe?.remove();
        this.#iframe = null;
        return;
      }
      this.#appOrigin = app.origin;
      const iframe = document.createElement('iframe');
      iframe.className = 'nn-playground-frame';
      this.#frameAttributes(iframe);
      iframe.src = app.href;
      this.#iframe = iframe;
      this.replaceChildren(iframe);
    }

    #frameAttributes(iframe) {
      iframe.width = this.getAttribute('width') || DEFAULT_WIDTH;
      iframe.height = this.getAttribute('height') || DEFAULT_HEIGHT;
      const preset = this.getAttribute('preset');
      iframe.title = this.getAttribute('title') || (preset ? `NN Playground: ${preset}` : 'NN Playground');
    }

    /** The iframe's URL with the settings in its hash, or null (with the reason on the console). */
    #appUrl() {
      let app;
      try {
        app = new URL(this.getAttribute('src') || scriptFolder, document.baseURI);
      } catch {
        console.error(`<nn-playground>: src="${this.getAttribute('src')}" is not a URL`);
        return null;
      }
      if (app.protocol !== 'https:' && app.protocol !== 'http:') {
        console.error(`<nn-playground>: src must be an http or https address, not ${app.protocol}`);
        return null;
      }
      const params = new URLSearchParams();
      for (const name of SETTINGS) {
        const value = this.getAttribute(name);
        if (value !== null && value !== '') params.append(name, value);
      }
      params.append('embed', '1');
      if (location.origin === 'null') {
        console.warn(
          '<nn-playground>: this page has no origin (a file:// page or a sandboxed frame), so the ' +
            'playground will take no commands from it and send it no events; serve it over http or https',
        );
      }
      params.append('origins', location.origin);
      const extra = (this.getAttribute('hash') ?? '').replace(/^[#&]+/, '');
      app.hash = extra ? `${params}&${extra}` : `${params}`;
      return app;
    }

    /** Re-dispatches a message from this element's playground as `nnp-<type>`. */
    #receive(event) {
      if (!this.#iframe || event.source !== this.#iframe.contentWindow || event.origin !== this.#appOrigin) return;
      const data = event.data;
      if (data === null || typeof data !== 'object' || data.source !== MESSAGE_SOURCE) return;
      if (typeof data.type !== 'string' || !EVENT_TYPE.test(data.type)) return;
      if (data.type === 'ready') {
        this.#ready = true;
        const queued = this.#queue.splice(0);
        for (const message of queued) this.#post(message);
      }
      this.dispatchEvent(new CustomEvent(`nnp-${data.type}`, { detail: data, bubbles: true, composed: true }));
    }

    #send(command) {
      const message = { target: MESSAGE_TARGET, ...command };
      if (this.#ready) {
        this.#post(message);
      } else {
        this.#queue.push(message);
        if (this.#queue.length > MAX_QUEUED) this.#queue.shift();
      }
    }

    #post(message) {
      this.#iframe?.contentWindow?.postMessage(message, this.#appOrigin);
    }
  }

  customElements.define('nn-playground', NnPlayground);
})();
