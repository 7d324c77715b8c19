/**
 * Events of the upload components. Internal ones (file chosen, mapping applied) bubble and are
 * composed so the step hears them across shadow roots; the public `codat-link-upload` lives with the
 * other public events in ../events.ts.
 */
export class UploadFileEvent extends Event {
  static readonly type = 'codat-link-upload-file';
  constructor(readonly file: File) {
    super(UploadFileEvent.type, { bubbles: true, composed: true });
  }
}

/** Stable codes for a file the drop zone refuses before reading it. */
export type RefusalCode = 'too_many_files' | 'unsupported_type' | 'file_too_large' | 'empty_file';

export class UploadRefusedEvent extends Event {
  static readonly type = 'codat-link-upload-refused';
  constructor(readonly code: RefusalCode, readonly message: string) {
    super(UploadRefusedEvent.type, { bubbles: true, composed: true });
  }
}

export class UploadMappingEvent extends Event {
  static readonly type = 'codat-link-upload-mapping';
  /** Canonical field → source header (null: not in the file). */
  constructor(readonly mapping: Record<string, string | null>) {
    super(UploadMappingEvent.type, { bubbles: true, composed: true });
  }
}

export class UploadCancelEvent extends Event {
  static readonly type = 'codat-link-upload-cancel';
  constructor() {
    super(UploadCancelEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'codat-link-upload-file': UploadFileEvent;
    'codat-link-upload-refused': UploadRefusedEvent;
    'codat-link-upload-mapping': UploadMappingEvent;
    'codat-link-upload-cancel': UploadCancelEvent;
  }
}

export class UploadDownloadIssuesEvent extends Event {
  static readonly type = 'codat-link-upload-download-issues';
  constructor() {
    super(UploadDownloadIssuesEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'codat-link-upload-download-issues': UploadDownloadIssuesEvent;
  }
}
