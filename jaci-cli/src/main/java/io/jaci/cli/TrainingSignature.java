package io.jaci.cli;

import io.jaci.core.spec.AcIdentifier;
import io.jaci.core.trust.KeyPrefix;
import io.jaci.core.trust.KeystoreDirs;
import io.jaci.core.trust.OpenPgpKey;
import io.jaci.core.trust.SignatureCheck;
import io.jaci.core.trust.TrustedKeys;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A signature check for the class data sharing archive ({@link CdsTraining}): an RSA-3072 key
 * (gpg 2.2's default) made once for this and its SHA-512 signature of {@link #DATA}, trusted
 * in a keystore under the training's scratch directory. Only the public key is here; the
 * signature is over this text alone, so the key vouches for nothing else.
 */
final class TrainingSignature {
  static final String DATA = "jaci class data sharing training\n";

  private static final String KEY = """
-----BEGIN PGP PUBLIC KEY BLOCK-----

mQGNBGsVNwMBDACzzb/mB/GbUOJJ8VwCXcENwyOsBFc25o2ROgurMIkTR3N50h9i
VP82oGlwobXMJGGGGKJIQgFmx/WHNCmHTZzm3ryvtnzFqwE0HnaVjhBNYOFFWUv9
Ej1bS76tIXCY5dX+f9gIXtzngex0n2WwG9PaEo7AhgYNrCQjPkUfj8SWRTtVzDPS
NeBTX8oQdQD7ghN1oTw0YfSLUyOXewjdBLXQBnnGTm6icsHt0Tq9eR2iSIISh1+v
EziS47xdO5HLQ70dmoqFPD2fnc1KIC6CxhNbA8YZOeuABAOjeEH0qyFoMJt6kz/2
EiDZmzXkqBhfEkxRhUmpTruhQP4pzjzDqTWEJVrl97YDUpoQO1OvmzPdA6GsW3dk
kdRqm2pUVxMer8Wfyfv7sUOUjht54uGrS90Um3TrG9FHDXyDTClEOhFsw7RlO9Ev
S7WJvR6qb0nzz2lCCM/tJuj4rNZ/fPjI0oIstNOJb/AIOCpL8V/mfXSGngHLBrzl
ZK7TbQhg3v45TG0AEQEAAbQ4amFjaSBjbGFzcyBkYXRhIHNoYXJpbmcgdHJhaW5p
bmcgPHRyYWluaW5nQGphY2kuaW52YWxpZD6JAc4EEwEKADgWIQTLWsGR4zOkQJ+f
oi9pjp8cg4xEQwUCaxU3AwIbAwULCQgHAgYVCgkICwIEFgIDAQIeAQIXgAAKCRBp
jp8cg4xEQ4S0C/4tk3cT1ZNXeE9p3nLL7OWDIMWAjAd2expDoeZk6aJQJ+yWpYjJ
Mo+m5h0p2jkrxHiM0dYBcWqxHmWPZEPb1Sd0SvIdoP4rTi6IYkZm4PZIZRWZTozA
Vtx76r2/X/3qmxXh4TErv77P/3diVdWUFqh6qpOh78vywPjPpxC0VcTGElhOKxyY
UKe27zKxQci4TykB9fH4krWuvEPyBPBJEvEb0t3/TSXEmOw5yq7v7SZiY1yQ3Gxq
cXok8qfi6H6cc47UaP++FzRb5I1nbZvTgwV+NwIloL4jl6PNi1DthKqbKQbkzq1w
IaGpCQma2vcT0Cgr09bU4A95xY+NmGsroidT2rHxHzLVF3n38Js7A8TtHUegdamZ
pwamwEKOK3AuHX4quz94ELS4o3O9aK+ppxyj2ou2yx/c6EIwXwpQXvhgdRzHX0Ix
JDKy2LRCw7afcsN40JYvUgfjSekflvky2heZTZqIWi85Gq/4poiqCw173Dug1rMn
PaUKTgv1RK+DTLs=
=Xih8
-----END PGP PUBLIC KEY BLOCK-----
      """;

  private static final String SIGNATURE = """
-----BEGIN PGP SIGNATURE-----

iQGzBAABCgAdFiEEy1rBkeMzpECfn6IvaY6fHIOMREMFAmsVNwQACgkQaY6fHIOM
REN80QwAmaqlyvaWpHt1lWCXrJXkciIqWpSiEhOwXmO++itpd3pxqTze/1pJJ9qc
sus1cTCUIgOt0ZuJuZarOFFTXOUDOXZqIwdp05nsry+e0WYCQnEWgwk062htP0xk
N9SXQH1DxuWJ3UjwhKyRgQFOsp7a8qIJ/RALbxeglASS0f2rZqgyefdGo2U7pFJa
PQ5jQaOrmCjnZ7YIQgun9L8YE/WQ6iUeHK8e9+guDjtguVDdK7guK2vgCw1bGSeD
HxZfji0R3FaVsqE5CyjpE/QV/7ZPBiRBAIIZVv1ezKo7BBzQzXvjiDoF1866xmqO
4gfkwmkQNWN8DCMwsjxyOBed3t8AJWu1Wd2jzy750DdYORUvnLyOKoVwiE6txOM9
I7ih4ZP2J8bS1xXHvQ59lQaDbPMggyMR8GCvw8QTErESCzdpN7jWWpjM5xljn4fI
bzE8qp2gFx5h3VcGDDRrFXB63L44pVPMcb2ESEQ8BUBU1p/XHeZGJ2MdOu28nz4i
OGu+8RBv
=E859
-----END PGP SIGNATURE-----
      """;

  private TrainingSignature() {}

  /** Trusts the key in a keystore under {@code scratch}, then verifies the signature. */
  static void verify(Path scratch) throws Exception {
    KeystoreDirs dirs = new KeystoreDirs(scratch.resolve("keys"), scratch.resolve("system-keys"));
    OpenPgpKey key = OpenPgpKey.read(new ByteArrayInputStream(
        KEY.getBytes(StandardCharsets.US_ASCII)), "training key").get(0);
    TrustedKeys.load(dirs).add(key, KeyPrefix.root(), KeystoreDirs.Level.USER);
    new SignatureCheck(TrustedKeys.load(dirs)).verify(new ByteArrayInputStream(
        DATA.getBytes(StandardCharsets.US_ASCII)), SIGNATURE.getBytes(StandardCharsets.US_ASCII),
        AcIdentifier.parse("example.com/training"), "training data");
  }
}
