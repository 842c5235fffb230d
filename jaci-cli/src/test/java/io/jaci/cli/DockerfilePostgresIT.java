package io.jaci.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, end to end in the spirit of seed 002 (baci): a Dockerfile FROM the Debian minbase
 * image ({@link DebianMinbase}) installs PostgreSQL with apt-get (from the tree's own
 * sources.list, the machine's mirror), initializes a cluster as the postgres user ({@code USER
 * postgres}, {@code initdb}) and sets CMD; {@code jaci run} of the result starts the server,
 * which answers {@code psql -c 'select 1'} over its Unix socket. Built and run as root and as
 * nobody (rootless: apt's {@code _apt} sandbox, the cluster's owners and its 0700 directory
 * go through nobody's subordinate ID range).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfilePostgresIT {
  private static final String DOCKERFILE = String.join("\n",
      "FROM %s",
      "# the package's own cluster is not wanted: the one below is made as USER postgres",
      "RUN mkdir -p /etc/postgresql-common/createcluster.d \\",
      "    && echo 'create_main_cluster = false' \\",
      "       > /etc/postgresql-common/createcluster.d/no-main.conf \\",
      "    && apt-get -o Acquire::Check-Valid-Until=false update \\",
      "    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\",
      "       postgresql \\",
      "    && rm -rf /var/lib/apt/lists/*",
      "COPY select1.sh /usr/local/bin/",
      "USER postgres",
      "RUN /usr/lib/postgresql/*/bin/initdb -D /var/lib/postgresql/data",
      "CMD [\"/bin/sh\", \"/usr/local/bin/select1.sh\"]",
      "");

  /** The app: starts the cluster without TCP, asks it over its socket, stops it. */
  private static final String SELECT1 = String.join("\n",
      "bin=$(echo /usr/lib/postgresql/*/bin)",
      "data=/var/lib/postgresql/data",
      "id -un; stat -c '%U %G %a' \"$data\" || exit 1",
      "\"$bin/pg_ctl\" -D \"$data\" -l /tmp/postgres.log -o \"-c listen_addresses=''\" -w start \\",
      "  >/dev/null || { cat /tmp/postgres.log >&2; exit 1; }",
      "\"$bin/psql\" -At -c 'select 1'",
      "r=$?",
      "\"$bin/pg_ctl\" -D \"$data\" -m fast -w stop >/dev/null",
      "exit $r",
      "");

  /** apt-get fetches and installs about 75 MB: minutes on a busy machine. */
  private static final long BUILD_MINUTES = 20;

  Path tmp;
  Path aci;

  @BeforeAll
  void makeBase(@TempDir Path dir) throws IOException, InterruptedException {
    tmp = dir;
    AsNobody.requireRoot("DockerfilePostgresIT runs as root and switches to nobody");
    ExternalTool.require("runc");
    ExternalTool.require("newuidmap");
    aci = DebianMinbase.aci(tmp, DebianMinbase.tarball(tmp.resolve("debootstrap")));
  }

  private Path context(String uid) throws IOException {
    Path ctx = Files.createTempDirectory(tmp, "ctx-" + uid + "-");
    Files.writeString(ctx.resolve("Dockerfile"), DOCKERFILE.formatted(aci));
    Files.writeString(ctx.resolve("select1.sh"), SELECT1);
    ProcessRun.run(tmp, "chmod", "-R", "a+rX", ctx.toString()).assertSuccess();
    return ctx;
  }

  @ParameterizedTest(name = "as uid {0}")
  @ValueSource(strings = {AsNobody.UID, "0"})
  void postgresInstalledWithApt_initializedAsPostgres_answersSelect1(String uid)
      throws IOException {
    Path store = JaciAs.store(tmp, uid);
    Instant start = Instant.now();
    ProcessRun built = ProcessRun.run(tmp, Map.of(), JaciAs.command(uid, store, "dockerfile",
        "-t", "example.com/postgres", context(uid)), BUILD_MINUTES);
    assertThat(built.exit()).as(built.describe()).isZero();
    Instant builtAt = Instant.now();
    ProcessRun run = JaciAs.run(tmp, uid, store, "run", "example.com/postgres");
    assertThat(run.exit()).as(run.describe()).isZero();
    assertThat(run.out()).as(run.describe())
        .isEqualTo("postgres\npostgres postgres 700\n1\n");
    System.out.printf("DockerfilePostgresIT as uid %s: build %d s, run %d s%n", uid,
        Duration.between(start, builtAt).toSeconds(),
        Duration.between(builtAt, Instant.now()).toSeconds());
  }
}
