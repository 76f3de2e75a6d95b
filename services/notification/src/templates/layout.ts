/** A minimal, mail-client friendly HTML body around `content`, shared by the seeded emails. */
export function page(content: string): string {
  return (
    '<!doctype html><html><body style="font-family:Arial,sans-serif;line-height:1.5;color:#1f2933">' +
    `${content}<p style="color:#7b8794;font-size:12px">B2B Commerce</p></body></html>`
  );
}
