/**
 * Shapes of endpoints the BFF does not serve yet (pages show an empty state on their 404): the mini-program's
 * proposal for the agreement contract. Everything the BFF serves is typed by shared/api (identity, me, reviews,
 * distributions), the schemas the BFF checks its answers against.
 */

export interface AgreementResponse {
  projectId: number;
  projectName: string;
  fileName: string;
  fileType: DdDocumentType;
  /** Path on the BFF that serves the file to this user (with the bearer token). */
  downloadPath: string;
  generatedAt: string | null;
}
