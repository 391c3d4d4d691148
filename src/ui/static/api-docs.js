// Starts Swagger UI on /api/docs from the bundled package (no CDN, no inline script under the CSP).
window.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
