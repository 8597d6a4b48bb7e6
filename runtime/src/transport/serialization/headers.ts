/** Header names of the JSON wire format (Symfony's, plus X-Message-Types). */
export const TYPE_HEADER = 'type';
export const STAMP_HEADER_PREFIX = 'X-Message-Stamp-';
export const CONTENT_TYPE_HEADER = 'Content-Type';
export const JSON_CONTENT_TYPE = 'application/json';
/** Ours: which values inside the body were class instances or Dates (see JsonSerializer). */
export const TYPES_HEADER = 'X-Message-Types';
/**
 * Ours: the header text of a stored message that could not be read as headers (broken JSON),
 * kept verbatim when the message moves to the failure transport, so nothing of it is lost.
 */
export const UNDECODABLE_HEADERS_HEADER = 'X-Message-Undecodable-Headers';
