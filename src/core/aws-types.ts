// The shapes of AWS CLI answers the core reasons about. They live here so the core depends on
// nothing above it; the parsers in src/aws produce them (and re-export them for their callers).

export type FailureClass = 'auth-expired' | 'access-denied' | 'network' | 'config' | 'timeout' | 'cancelled' | 'cli-error'

export interface Failure {
  class: FailureClass
  /** The CLI's own message (last meaningful stderr line, without the `aws: [ERROR]:` prefix). */
  message: string
}

/** `aws sts get-caller-identity`'s answer. */
export interface CallerIdentity {
  account: string
  arn: string
  userId: string
}

export type LoginFlow = 'pkce' | 'device'

/** What complete lines of `aws sso login --no-browser` output prove. */
export type LoginOutputEvent =
  | { type: 'url'; url: string; flow: LoginFlow }
  | { type: 'userCode'; code: string }
  | { type: 'completeUrl'; url: string }
  | { type: 'regionUpdated'; region: string }
  | { type: 'success'; startUrl: string }
  | { type: 'error'; message: string }
