package io.mailferry.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputsTest {

  @Test
  void addressesWithLineBreaksOrOtherControlCharactersAreRefusedWithoutEchoingThem() {
    for (String forged :
        new String[] {
          "a@b.c\nINFO fake",
          "a@b.c\r",
          "a\u0000@b.c",
          "a@b.c\u0085",
          "a@b.c\u2028x",
          "a\u001b[31m@b.c"
        }) {
      assertThat(Inputs.isPrintable(forged)).as(forged).isFalse();
      assertThatThrownBy(() -> Inputs.printable(forged, "address"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the address holds control characters");
    }
  }

  @Test
  void ordinaryAndInternationalAddressesPass() {
    assertThat(Inputs.printable("jürgen.müller@beispiel.de", "address"))
        .isEqualTo("jürgen.müller@beispiel.de");
    assertThat(Inputs.isPrintable("用户@例子.广告")).isTrue();
    assertThat(Inputs.isPrintable(null)).isTrue();
  }
}
