/** Sizes the transports and the schemas agree on, in one place. */

/** The web server refuses a request body larger than this (HTTP 413). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Largest base64 image one request field may carry: a big camera JPEG fits, and one request stays under the body limit. */
export const MAX_UPLOAD_BASE64 = 24 * 1024 * 1024;
