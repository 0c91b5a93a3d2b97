// Built data files fetched and checked against the checksums the data build recorded: small and dependency-free, so
// that the page's first view carries no layer decoder.

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches a built data file and checks it against the checksum the data build recorded; throws "HTTP n" or "checksum mismatch …". */
export async function fetchVerified(url: string, sha256: string, fetchFn: typeof fetch = fetch): Promise<Uint8Array> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const sum = await sha256Hex(bytes);
  if (sum !== sha256) throw new Error(`checksum mismatch (${sum.slice(0, 12)}… ≠ ${sha256.slice(0, 12)}…)`);
  return bytes;
}

/** A built JSON file (rules, search index, targets), verified like the layers. */
export async function fetchVerifiedJson<T>(url: string, sha256: string): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await fetchVerified(url, sha256))) as T;
}
