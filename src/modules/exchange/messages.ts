// Until the module manifest lands (ADR 0034) the catalogue may import no module, so the messages
// sit in src/i18n/messages/exchange.ts for now; they move back here with the manifest.
export { en, zh } from '../../i18n/messages/exchange.ts';
