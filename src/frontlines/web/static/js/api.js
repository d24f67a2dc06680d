// The dashboard's calls to the JSON API. Errors come back as {error: {status, code, message}}.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(path, options = {}) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body && body.error ? body.error : { code: "http_error", message: response.statusText };
    throw new ApiError(response.status, error.code, error.message);
  }
  return body;
}

export function query(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) {
    if (value !== "" && value !== null && value !== undefined) params.set(name, value);
  }
  return params.toString();
}

/** Up to `max` events, newest first, following cursors page by page. */
export async function fetchEvents(filters, max = 5000) {
  const events = [];
  let cursor = null;
  let total = 0;
  do {
    const extra = { limit: 1000, order: "desc" };
    if (cursor) extra.cursor = cursor;
    const page = await request(`/api/events?${query(filters, extra)}`);
    events.push(...page.events);
    total = page.total;
    cursor = page.next_cursor;
  } while (cursor && events.length < max);
  return { events, total };
}

export const fetchStats = (filters) => request(`/api/stats?${query(filters)}`);
export const fetchFacets = () => request("/api/facets");
export const fetchHealth = () => request("/api/health");
export const fetchEvent = (id) => request(`/api/events/${encodeURIComponent(id)}`);

export function patchEvent(id, token, correction) {
  return request(`/api/events/${encodeURIComponent(id)}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(correction),
  });
}
