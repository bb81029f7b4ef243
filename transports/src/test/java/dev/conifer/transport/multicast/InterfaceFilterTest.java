package dev.conifer.transport.multicast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InterfaceFilterTest {
  @Test
  void emptyOrStarAllowsEveryName() {
    assertThat(InterfaceFilter.all().allows("eth0")).isTrue();
    assertThat(new InterfaceFilter("*").allows("wlan0")).isTrue();
    assertThat(new InterfaceFilter(" ").allows("x")).isTrue();
  }

  @Test
  void namesAndWildcardsSelectInterfaces() {
    InterfaceFilter filter = new InterfaceFilter("eth0, wl*");
    assertThat(filter.allows("eth0")).isTrue();
    assertThat(filter.allows("eth1")).isFalse();
    assertThat(filter.allows("wlp2s0")).isTrue();
    assertThat(filter.allows("docker0")).isFalse();
  }

  @Test
  void qualifiesLikeGoUpMulticastNotLoopbackNotPointToPoint() {
    InterfaceFilter all = InterfaceFilter.all();
    assertThat(all.qualifies("eth0", true, true, false, false)).isTrue();
    assertThat(all.qualifies("eth0", false, true, false, false)).isFalse();
    assertThat(all.qualifies("eth0", true, false, false, false)).isFalse();
    assertThat(all.qualifies("lo", true, true, true, false)).isFalse();
    assertThat(all.qualifies("tun0", true, true, false, true)).isFalse();
    assertThat(new InterfaceFilter("wl*").qualifies("eth0", true, true, false, false)).isFalse();
  }

  @Test
  void rejectsANameThatCannotBeAnInterface() {
    assertThatThrownBy(() -> new InterfaceFilter("eth0;rm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eth0;rm");
  }
}
