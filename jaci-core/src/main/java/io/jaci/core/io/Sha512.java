package io.jaci.core.io;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-512 through the system's OpenSSL (libcrypto) when it can be loaded, else the JDK's.
 * OpenSSL's is a little faster than the JDK's at its best and needs no JIT warm-up: a
 * build hashes its whole tar, and a short-lived CLI runs most of that before the JDK's
 * implementation is compiled.
 */
public abstract class Sha512 {
  Sha512() {}

  /** A new digest. */
  public static Sha512 create() {
    return create(false);
  }

  /** A SHA-512 digest, or with {@code sha256} a SHA-256 one (for {@link Sha256}). */
  static Sha512 create(boolean sha256) {
    Crypto crypto = Holder.CRYPTO;
    if (crypto != null) {
      Pointer ctx = crypto.EVP_MD_CTX_new();
      Pointer md = sha256 ? crypto.EVP_sha256() : crypto.EVP_sha512();
      if (ctx != null && crypto.EVP_DigestInit_ex(ctx, md, null) == 1) {
        return new Native(crypto, ctx, sha256 ? 32 : 64);
      }
      if (ctx != null) {
        crypto.EVP_MD_CTX_free(ctx);
      }
    }
    return new Jdk(sha256 ? "SHA-256" : "SHA-512");
  }

  public abstract void update(byte[] b, int off, int len);

  /** Hashes the remaining bytes of {@code b}, a direct buffer (no copy into the heap). */
  public abstract void update(java.nio.ByteBuffer b);

  /** The digest of everything given; the object is spent afterwards. */
  public abstract byte[] digest();

  interface Crypto extends Library {
    Pointer EVP_MD_CTX_new();

    void EVP_MD_CTX_free(Pointer ctx);

    Pointer EVP_sha512();

    Pointer EVP_sha256();

    int EVP_DigestInit_ex(Pointer ctx, Pointer type, Pointer engine);

    int EVP_DigestUpdate(Pointer ctx, Pointer data, NativeLong count);

    int EVP_DigestUpdate(Pointer ctx, byte[] data, NativeLong count);

    int EVP_DigestFinal_ex(Pointer ctx, byte[] md, Pointer size);
  }

  private static final class Holder {
    static final Crypto CRYPTO = load();

    private static Crypto load() {
      if (Boolean.getBoolean("jaci.noNativeSha512")) {
        return null;
      }
      try {
        return com.sun.jna.Native.load("crypto", Crypto.class);
      } catch (UnsatisfiedLinkError e) {
        return null;
      }
    }
  }

  private static final class Native extends Sha512 {
    private final Crypto crypto;
    private final Pointer ctx;
    private final int length;
    private byte[] slice = new byte[0];

    Native(Crypto crypto, Pointer ctx, int length) {
      this.crypto = crypto;
      this.ctx = ctx;
      this.length = length;
    }

    @Override
    public void update(byte[] b, int off, int len) {
      byte[] data = b;
      if (off != 0) {
        if (slice.length < len) {
          slice = new byte[Math.max(len, 1 << 16)];
        }
        System.arraycopy(b, off, slice, 0, len);
        data = slice;
      }
      if (crypto.EVP_DigestUpdate(ctx, data, new NativeLong(len)) != 1) {
        throw new IllegalStateException("OpenSSL's digest failed");
      }
    }

    @Override
    public void update(java.nio.ByteBuffer b) {
      if (!b.isDirect()) {
        byte[] heap = new byte[b.remaining()];
        b.get(heap);
        update(heap, 0, heap.length);
        return;
      }
      Pointer p = com.sun.jna.Native.getDirectBufferPointer(b).share(b.position());
      if (crypto.EVP_DigestUpdate(ctx, p, new NativeLong(b.remaining())) != 1) {
        throw new IllegalStateException("OpenSSL's digest failed");
      }
      b.position(b.limit());
    }

    @Override
    public byte[] digest() {
      byte[] md = new byte[length];
      int ok;
      try {
        ok = crypto.EVP_DigestFinal_ex(ctx, md, null);
      } finally {
        crypto.EVP_MD_CTX_free(ctx);
      }
      if (ok != 1) {
        throw new IllegalStateException("OpenSSL's digest failed");
      }
      return md;
    }
  }

  private static final class Jdk extends Sha512 {
    private final MessageDigest md;

    Jdk(String algorithm) {
      try {
        md = MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no " + algorithm, e);
      }
    }

    @Override
    public void update(byte[] b, int off, int len) {
      md.update(b, off, len);
    }

    @Override
    public void update(java.nio.ByteBuffer b) {
      md.update(b);
    }

    @Override
    public byte[] digest() {
      return md.digest();
    }
  }
}
