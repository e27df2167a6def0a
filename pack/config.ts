// Where your n8n answers, as Coda must reach it: the base URL of your n8n (https, no port other
// than 443, any path prefix n8n runs under included). The Pack may call only this host (its
// network domain) and POSTs to `<base URL>/webhook/coda-erp-sync`. Edit it, then build and upload.
export const N8N_BASE_URL = 'https://n8n.example.com';
