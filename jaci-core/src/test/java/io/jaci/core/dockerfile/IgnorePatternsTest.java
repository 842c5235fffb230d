package io.jaci.core.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vectors of moby/patternmatcher's tests (TestMatches with MatchesOrParentMatches, the
 * multi-pattern cases, TestMatch's filepath.Match vectors and ignorefile's ReadAll), which are
 * what Docker and BuildKit do with a .dockerignore.
 */
class IgnorePatternsTest {
  @ParameterizedTest(name = "{0} excludes {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "**|file|true", "**|file/|true", "**/|file|true", "**/|file/|true", "**|/|true",
      "**/|/|true", "**|dir/file|true", "**/|dir/file|true", "**|dir/file/|true",
      "**/|dir/file/|true", "**/**|dir/file|true", "**/**|dir/file/|true",
      "dir/**|dir/file|true", "dir/**|dir/file/|true", "dir/**|dir/dir2/file|true",
      "dir/**|dir/dir2/file/|true", "**/dir|dir|true", "**/dir|dir/file|true",
      "**/dir2/*|dir/dir2/file|true", "**/dir2/*|dir/dir2/file/|true",
      "**/dir2/**|dir/dir2/dir3/file|true", "**/dir2/**|dir/dir2/dir3/file/|true",
      "**file|file|true", "**file|dir/file|true", "**/file|dir/file|true",
      "**file|dir/dir/file|true", "**/file|dir/dir/file|true", "**/file*|dir/dir/file|true",
      "**/file*|dir/dir/file.txt|true", "**/file*txt|dir/dir/file.txt|true",
      "**/file*.txt|dir/dir/file.txt|true", "**/file*.txt*|dir/dir/file.txt|true",
      "**/**/*.txt|dir/dir/file.txt|true", "**/**/*.txt2|dir/dir/file.txt|false",
      "**/*.txt|file.txt|true", "**/**/*.txt|file.txt|true", "a**/*.txt|a/file.txt|true",
      "a**/*.txt|a/dir/file.txt|true", "a**/*.txt|a/dir/dir/file.txt|true",
      "a/*.txt|a/dir/file.txt|false", "a/*.txt|a/file.txt|true", "a/*.txt**|a/file.txt|true",
      "a[b-d]e|ae|false", "a[b-d]e|ace|true", "a[b-d]e|aae|false", "a[^b-d]e|aze|true",
      ".*|.foo|true", ".*|foo|false", "abc.def|abcdef|false", "abc.def|abc.def|true",
      "abc.def|abcZdef|false", "abc?def|abcZdef|true", "abc?def|abcdef|false",
      "**/foo/bar|foo/bar|true", "**/foo/bar|dir/foo/bar|true",
      "**/foo/bar|dir/dir2/foo/bar|true", "abc/**|abc|false", "abc/**|abc/def|true",
      "abc/**|abc/def/ghi|true", "**/.foo|.foo|true", "**/.foo|bar.foo|false",
      "a(b)c/def|a(b)c/def|true", "a(b)c/def|a(b)c/xyz|false",
      "dist/*.whl|dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl|true",
      "a\\\\|a\\|true", "a\\*b|a*b|true"})
  void patternmatcherMatches(String pattern, String path, boolean excluded) {
    assertThat(IgnorePatterns.of(List.of(pattern)).excludes(path)).isEqualTo(excluded);
  }

  @ParameterizedTest(name = "{0} excludes {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "abc|abc|true", "*|abc|true", "*c|abc|true", "a*|a|true", "a*|abc|true", "a*|ab/c|true",
      "a*/b|abc/b|true", "a*/b|a/c/b|false", "a*b*c*d*e*/f|axbxcxdxe/f|true",
      "a*b*c*d*e*/f|axbxcxdxexxx/f|true", "a*b*c*d*e*/f|axbxcxdxe/xxx/f|false",
      "a*b*c*d*e*/f|axbxcxdxexxx/fff|false", "a*b?c*x|abxbbxdbxebxczzx|true",
      "a*b?c*x|abxbbxdbxebxczzy|false", "ab[c]|abc|true", "ab[b-d]|abc|true",
      "ab[e-g]|abc|false", "ab[^c]|abc|false", "ab[^b-d]|abc|false", "ab[^e-g]|abc|true",
      "a\\*b|a*b|true", "a\\*b|ab|false", "a?b|a☺b|true", "a[^a]b|a☺b|true", "a???b|a☺b|false",
      "a[^a][^a][^a]b|a☺b|false", "[a-ζ]*|α|true", "*[a-ζ]|A|false", "a?b|a/b|false",
      "a*b|a/b|false", "[\\]a]|]|true", "[\\-]|-|true", "[x\\-]|x|true", "[x\\-]|-|true",
      "[x\\-]|z|false", "[\\-x]|x|true", "[\\-x]|-|true", "[\\-x]|a|false", "*x|xxx|true"})
  void filepathMatchVectors(String pattern, String path, boolean excluded) {
    assertThat(IgnorePatterns.of(List.of(pattern)).excludes(path)).isEqualTo(excluded);
  }

  @ParameterizedTest(name = "bad pattern {0}")
  @CsvSource(delimiter = '|', value = {"[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[",
      "[^", "[^bc", "a[", "!"})
  void badPatternsAreRefusedWithTheLine(String pattern) {
    assertThatThrownBy(() -> IgnorePatterns.of(List.of("ok", pattern)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
  }

  @Test
  void hostilePatterns_matchInLinearTime() {
    String name = "a".repeat(4000);
    long start = System.nanoTime();
    // a backtracking regex takes about forever on these (a run of stars, nested **)
    assertThat(IgnorePatterns.of(List.of("*a*a*a*a*a*a*a*a*a*a*b")).excludes(name)).isFalse();
    assertThat(IgnorePatterns.of(List.of("**/**/**/**/**/**/**/**/b"))
        .excludes(String.join("/", java.util.Collections.nCopies(500, "a")))).isFalse();
    assertThat(IgnorePatterns.of(List.of("**/**/**/a")).excludes("x/y/a")).isTrue();
    assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
  }

  @Test
  void exceptionsAndOrder() {
    assertThat(IgnorePatterns.of(List.of("!fileutils.go", "*.go")).excludes("fileutils.go"))
        .isTrue();
    assertThat(IgnorePatterns.of(List.of("*.go", "!fileutils.go")).excludes("fileutils.go"))
        .isFalse();
    for (String dir : List.of("docs", "docs/", "docs/*")) {
      assertThat(IgnorePatterns.of(List.of(dir, "!docs/README.md")).excludes("docs/README.md"))
          .as(dir).isFalse();
    }
    assertThat(IgnorePatterns.of(List.of("*.go")).excludes(".")).isFalse();
    assertThat(IgnorePatterns.of(List.of("a.|)$(}+{bc")).excludes("a.|)$(}+{bc")).isTrue();
    assertThat(IgnorePatterns.NONE.excludes("any/path/there")).isFalse();
    assertThat(IgnorePatterns.of(List.of("**", "!util/docker/web"))
        .excludes("util/docker/web/foo")).isFalse();
    assertThat(IgnorePatterns.of(List.of("**", "!util/docker/web", "util/docker/web/foo"))
        .excludes("util/docker/web/foo")).isTrue();
    assertThat(IgnorePatterns.of(List.of("**", "!dist/*.whl"))
        .excludes("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl")).isFalse();
  }

  @Test
  void fileSyntax_commentsLeadingSlashSpacesAndDotSlash() {
    IgnorePatterns p = IgnorePatterns.parse("test1\n/test2\n/a/file/here\n\nlastfile\n"
        + "# this is a comment\n! /inverted/abs/path\n  ./spaced/../x  \n");
    assertThat(p.toString()).isEqualTo(
        "[test1, test2, a/file/here, lastfile, !inverted/abs/path, x]");
    assertThat(p.excludes("test2")).isTrue();
    assertThat(p.excludes("a/file/here/below")).isTrue();
    assertThat(p.excludes("# this is a comment")).isFalse();
    assertThat(p.excludes("x")).isTrue();
    assertThat(p.hasExceptions()).isTrue();
    assertThatThrownBy(() -> IgnorePatterns.parse("a\n!\n"))
        .hasMessageContaining("line 2");
  }
}
