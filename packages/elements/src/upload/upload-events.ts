/**
 * Events of the upload components, internal to the upload step: each is dispatched on its
 * component's host and heard by the step that renders it (in the step's shadow root), so it bubbles
 * but is not composed: the customer's File never leaves `<codat-link>` into the partner's page. They
 * are not in GlobalEventHandlersEventMap for the same reason. The public `codat-link-upload` lives
 * with the other public events in ../events.ts.
 */
const INTERNAL: EventInit = { bubbles: true, composed: false };
export class UploadFileEvent extends Event {
  static readonly type = 'codat-link-upload-file';
  constructor(readonly file: File) {
    super(UploadFileEvent.type, INTERNAL);
  }
}

/** Stable codes for a file the drop zone refuses before reading it. */
export type RefusalCode = 'too_many_files' | 'unsupported_type' | 'file_too_large' | 'empty_file';

export class UploadRefusedEvent extends Event {
  static readonly type = 'codat-link-upload-refused';
  constructor(
    readonly code: RefusalCode,
    readonly message: string,
  ) {
    super(UploadRefusedEvent.type, INTERNAL);
  }
}

export class UploadMappingEvent extends Event {
  static readonly type = 'codat-link-upload-mapping';
  /** Canonical field → source header (null: not in the file). */
  constructor(readonly mapping: Record<string, string | null>) {
    super(UploadMappingEvent.type, INTERNAL);
  }
}

export class UploadCancelEvent extends Event {
  static readonly type = 'codat-link-upload-cancel';
  constructor() {
    super(UploadCancelEvent.type, INTERNAL);
  }
}

export class UploadDownloadIssuesEvent extends Event {
  static readonly type = 'codat-link-upload-download-issues';
  constructor() {
    super(UploadDownloadIssuesEvent.type, INTERNAL);
  }
}
