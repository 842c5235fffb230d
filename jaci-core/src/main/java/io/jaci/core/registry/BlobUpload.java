package io.jaci.core.registry;

import io.jaci.core.JaciException;
import io.jaci.core.ProgressListener;
import io.jaci.core.io.ProgressInputStream;
import io.jaci.core.registry.RegistryHttp.Call;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The upload protocol of the registry API: {@code POST .../blobs/uploads/} opens a session,
 * then either one {@code PUT ...?digest=} with the whole blob (size known), or a streamed
 * {@code PATCH} (chunked transfer encoding, size unknown) and a closing {@code PUT}. The
 * content is streamed, never held in memory, and checked against the digest and size as it is
 * sent: a mismatch aborts the request before its end, so the registry never stores it.
 */
final class BlobUpload {
  private final RegistryHttp http;

  BlobUpload(RegistryHttp http) {
    this.http = http;
  }

  void push(ImageReference repo, Digest digest, long size, InputStream content)
      throws JaciException {
    String what = repo.repositoryUrl() + ": pushing blob " + digest;
    List<String> scopes = Scopes.push(repo);
    URI session = open(repo, scopes, what);
    // what the upload has taken, to tell a slow upload from a stalled one
    AtomicLong sent = new AtomicLong();
    InputStream checked = new ProgressInputStream(new VerifyingBlobStream(content, digest, size,
        what), new ProgressListener() {
          @Override
          public void advance(long bytes) {
            sent.addAndGet(bytes);
          }
        });
    boolean done = false;
    try {
      if (size >= 0) {
        finish(repo, session, digest, scopes, what, streamed(checked, size, what), sent);
      } else {
        Call patch = new Call("PATCH", session, repo, scopes, what)
            .header("Content-Type", "application/octet-stream")
            .body(streamed(checked, -1, what)).untimed(sent::get)
            .reading("blob " + digest);
        HttpResponse<InputStream> r = http.send(patch);
        expect(patch, r, 202);
        URI next = RegistryHttp.location(patch, r);
        RegistryErrors.discard(r);
        finish(repo, next, digest, scopes, what, BodyPublishers::noBody, sent);
      }
      done = true;
    } finally {
      if (!done) {
        cancel(repo, session, scopes, what);
      }
    }
  }

  /**
   * Asks the registry to mount {@code digest} from {@code fromRepository} into {@code target}.
   *
   * @return true if mounted; false if the registry declined (it then opens an upload session,
   *     which is cancelled)
   */
  boolean mount(ImageReference target, String fromRepository, Digest digest)
      throws JaciException {
    ImageReference from = target.inRepository(fromRepository);
    String what = target.repositoryUrl() + ": mounting blob " + digest + " from "
        + fromRepository;
    List<String> scopes = Scopes.mount(target, from);
    Call call = new Call("POST", http.api(target, "blobs/uploads/?mount=" + digest + "&from="
        + fromRepository), target, scopes, what);
    HttpResponse<InputStream> r = http.send(call);
    if (r.statusCode() == 201) {
      RegistryErrors.discard(r);
      return true;
    }
    expect(call, r, 202);
    URI session = RegistryHttp.location(call, r);
    RegistryErrors.discard(r);
    cancel(target, session, scopes, what);
    return false;
  }

  private URI open(ImageReference repo, List<String> scopes, String what) throws JaciException {
    Call call = new Call("POST", http.api(repo, "blobs/uploads/"), repo, scopes, what);
    HttpResponse<InputStream> r = http.send(call);
    expect(call, r, 202);
    URI session = RegistryHttp.location(call, r);
    RegistryErrors.discard(r);
    return session;
  }

  private void finish(ImageReference repo, URI session, Digest digest, List<String> scopes,
      String what, RegistryHttp.Body body, AtomicLong sent) throws JaciException {
    String sep = session.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(session + sep + "digest=" + digest);
    Call call = new Call("PUT", put, repo, scopes, what)
        .header("Content-Type", "application/octet-stream").body(body)
        .untimed(sent::get).reading("blob " + digest);
    HttpResponse<InputStream> r = http.send(call);
    expect(call, r, 201);
    RegistryErrors.discard(r);
  }

  /** Best effort: an abandoned session only costs the registry until it expires it. */
  private void cancel(ImageReference repo, URI session, List<String> scopes, String what) {
    try {
      RegistryErrors.discard(http.send(new Call("DELETE", session, repo, scopes, what)));
    } catch (JaciException e) {
      // the session expires on its own
    }
  }

  /** A body that streams {@code in} once; a second attempt (an auth retry) fails clearly. */
  private static RegistryHttp.Body streamed(InputStream in, long size, String what) {
    boolean[] used = {false};
    return () -> {
      if (used[0]) {
        throw new JaciException(what + ": the registry asked to authenticate again in the"
            + " middle of the upload; try again");
      }
      used[0] = true;
      HttpRequest.BodyPublisher p = BodyPublishers.ofInputStream(() -> in);
      return size >= 0 ? BodyPublishers.fromPublisher(p, size) : p;
    };
  }

  private static void expect(Call call, HttpResponse<InputStream> r, int status)
      throws JaciException {
    if (r.statusCode() != status) {
      throw RegistryErrors.unexpected(call.what, r);
    }
  }
}
