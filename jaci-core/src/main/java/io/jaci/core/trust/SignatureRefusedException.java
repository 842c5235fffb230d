package io.jaci.core.trust;

import io.jaci.core.JaciException;

/** A signature that does not make an image trusted, with why, for callers that branch on it. */
public final class SignatureRefusedException extends JaciException {
  private static final long serialVersionUID = 1L;

  /** Why a signature was refused. */
  public enum Reason {
    /** The signature file is not an OpenPGP signature. */
    MALFORMED,
    /** No key of the keystore trusted for the image's name made it. */
    UNKNOWN_KEY,
    /** A trusted key made it, but the key is expired, revoked or may not sign. */
    KEY_NOT_VALID,
    /** A trusted key made it, but not over these bytes (the image changed). */
    BAD_SIGNATURE
  }

  private final Reason reason;

  SignatureRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  SignatureRefusedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
