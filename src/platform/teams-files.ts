import type { Activity } from 'botbuilder';

const FILE_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface TeamsFile {
  name: string;
  contentType: string;
  downloadUrl: string;
}

/** A file a user sent in a 1:1 chat (manifest supportsFiles); Teams gives a short-lived download URL. */
export function teamsFileOf(a: Activity): TeamsFile | null {
  const att = a.attachments?.find((x) => x.contentType === FILE_INFO);
  const content = att?.content as { downloadUrl?: string; fileType?: string } | undefined;
  if (!att || !content?.downloadUrl) return null;
  return { name: att.name ?? 'fil', contentType: content.fileType ?? '', downloadUrl: content.downloadUrl };
}

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export async function downloadTeamsFile(url: string): Promise<Buffer> {
  if (!/^https:\/\//.test(url) && !/^http:\/\/127\.0\.0\.1[:/]/.test(url))
    throw new Error('Refusing non-https file URL');
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`File download failed: ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > MAX_FILE_BYTES) throw new Error('File too large');
  return buf;
}
