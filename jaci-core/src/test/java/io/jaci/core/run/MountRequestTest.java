package io.jaci.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountRequestTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "volume=output,target=/srv        | output | /srv",
      "target=/srv/,volume=output       | output | /srv",
      "volume=db,target=//var/./lib//db | db     | /var/lib/db"})
  void parse_cleansTheTarget(String text, String volume, String target) {
    MountRequest m = MountRequest.parse(text);
    assertThat(m.volume().value()).isEqualTo(volume);
    assertThat(m.target()).isEqualTo(target);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "volume=output                    | target= is missing",
      "target=/srv                      | volume= is missing",
      "volume=out,target=srv            | target \"srv\" must be an absolute path",
      "volume=out,target=/srv/../etc    | must not contain \"..\"",
      "volume=out,target=/              | is the app's root",
      "volume=Out,target=/srv           | invalid AC name \"Out\"",
      "volume=out,path=/srv             | unknown key \"path\"",
      "output,target=/srv               | \"output\" is not KEY=VALUE"})
  void parse_rejects(String text, String why) {
    assertThatThrownBy(() -> MountRequest.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--mount " + text + ": ")
        .hasMessageContaining(why);
  }
}
