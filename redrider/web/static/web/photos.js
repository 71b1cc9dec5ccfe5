// Photos from a phone on a weak signal: a 4–8 MB camera shot becomes a JPEG of at most 1600 px
// on its longest side and at most 400 KB before it is sent (canvas re-encode in the browser).
// The server still re-encodes and strips metadata; this only saves the rider's data and time.

export const MAX_SIDE = 1600;
export const MAX_BYTES = 400 * 1024;

class PhotoError extends Error {
  constructor(reason) { super(reason); this.reason = reason; }
}

async function decode(file) {
  if (window.createImageBitmap) {
    try { return await createImageBitmap(file, {imageOrientation: "from-image"}); } catch (err) { /* try <img> */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } catch (err) {
    throw new PhotoError("not_image");
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toBlob(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

/**
 * Resizes and re-encodes a chosen photo. Resolves to {blob, width, height, bytes}; rejects with
 * an Error whose `reason` is "not_image" (not a picture the phone can open) or "too_big" (could
 * not get under the limit, which a real photo never hits).
 */
export async function resizePhoto(file, {maxSide = MAX_SIDE, maxBytes = MAX_BYTES} = {}) {
  if (!file || (file.type && !file.type.startsWith("image/"))) throw new PhotoError("not_image");
  const image = await decode(file);
  const width0 = image.width || image.naturalWidth, height0 = image.height || image.naturalHeight;
  if (!width0 || !height0) throw new PhotoError("not_image");
  let scale = Math.min(1, maxSide / Math.max(width0, height0));
  for (let attempt = 0; attempt < 6; attempt++) {
    const width = Math.max(1, Math.round(width0 * scale)), height = Math.max(1, Math.round(height0 * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";  // a transparent PNG gets a white background, not black
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(image, 0, 0, width, height);
    for (const quality of [0.85, 0.75, 0.65, 0.55]) {
      const blob = await toBlob(canvas, quality);
      if (blob && blob.size <= maxBytes) {
        if (image.close) image.close();
        return {blob, width, height, bytes: blob.size};
      }
    }
    scale *= 0.75;
  }
  throw new PhotoError("too_big");
}

/** "312 KB" / "1.2 MB" */
export function size(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
