package io.mailferry.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadThrottleTest {

  /** Threshold 70 %, open again below 60 %, hard threshold 90 %, floor 1, four slots. */
  private static final LoadThrottle THROTTLE = LoadThrottle.of(0.7, 0.1, 0.9, 1, 4);

  /**
   * Runs the throttle over a load sequence with every allowed slot busy (a long queue), as the gate
   * does: the number allowed after each sample.
   */
  private static List<Integer> run(LoadThrottle throttle, double... loads) {
    List<Integer> allowed = new ArrayList<>();
    int now = throttle.capacity();
    double previous = Double.NaN;
    for (double load : loads) {
      now = throttle.next(now, now, previous, load);
      previous = load;
      allowed.add(now);
    }
    return allowed;
  }

  @Test
  void overTheThresholdOneMailboxFewerCopiesPerSampleDownToTheFloor() {
    assertThat(run(THROTTLE, 0.75, 0.75, 0.8, 0.85, 0.85, 0.85)).containsExactly(3, 2, 1, 1, 1, 1);
  }

  @Test
  void belowTheReopeningLoadOneMailboxMoreCopiesPerSampleUpToTheSlots() {
    assertThat(run(THROTTLE, 0.8, 0.8, 0.8, 0.5, 0.5, 0.2, 0.1, 0.1))
        .containsExactly(3, 2, 1, 2, 3, 4, 4, 4);
  }

  @Test
  void betweenTheReopeningLoadAndTheThresholdTheNumberHolds() {
    assertThat(run(THROTTLE, 0.8, 0.8, 0.65, 0.69, 0.6, 0.65)).containsExactly(3, 2, 2, 2, 2, 2);
    assertThat(run(THROTTLE, 0.65, 0.69, 0.6)).as("open stays open").containsExactly(4, 4, 4);
  }

  @Test
  void theShrinkingStartsFromTheMailboxesCopyingNotFromTheSlots() {
    // two slots of four in use: one fewer must pause one of those two, not free an unused slot
    assertThat(THROTTLE.next(4, 2, 0.5, 0.8)).isEqualTo(1);
    assertThat(THROTTLE.next(4, 0, 0.5, 0.8)).as("nothing copies: the floor").isEqualTo(1);
  }

  @Test
  void aLoadOverTheThresholdThatAlreadyFellHoldsTheNumber() {
    // the 1-minute average trails the mailboxes that paused: it falls before it is under 70 %
    assertThat(run(THROTTLE, 0.8, 0.8, 0.78, 0.75, 0.72, 0.74)).containsExactly(3, 2, 2, 2, 2, 1);
  }

  @Test
  void atTheHardThresholdNoMailboxCopiesAndUnderItTheFloorComesBackFirst() {
    assertThat(run(THROTTLE, 0.95, 0.9, 0.8, 0.8, 0.65, 0.55, 0.55))
        .containsExactly(0, 0, 1, 1, 1, 2, 3);
  }

  @Test
  void theFloorHoldsHoweverLongTheLoadStaysBetweenTheThresholds() {
    LoadThrottle floorOfTwo = LoadThrottle.of(0.7, 0.1, 0.9, 2, 6);
    double[] loads = new double[50];
    java.util.Arrays.fill(loads, 0.89);
    assertThat(run(floorOfTwo, loads)).allMatch(n -> n >= 2).endsWith(2);
    assertThat(LoadThrottle.of(0.7, 0.1, 0.9, 9, 3).floor()).as("at most the slots").isEqualTo(3);
  }

  @Test
  void aFloorOfZeroLetsTheNumberShrinkToNoneStepByStep() {
    LoadThrottle noFloor = LoadThrottle.of(0.7, 0.1, 0.9, 0, 3);
    assertThat(run(noFloor, 0.8, 0.8, 0.8, 0.8)).containsExactly(2, 1, 0, 0);
  }

  @Test
  void anUnknownLoadNeverHoldsMailboxesBack() {
    assertThat(run(THROTTLE, 0.95, Double.NaN, -1, Double.NaN, Double.NaN))
        .containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void aLoadOscillatingAroundTheThresholdNeverMakesTheMailboxesStopAndStart() {
    // 66 % to 79 % and back, as a copy's own load does around a 70 % threshold
    double[] loads = new double[120];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = 0.725 + 0.065 * Math.sin(i * 0.9);
    }
    List<Integer> allowed = run(THROTTLE, loads);
    assertThat(allowed).as("never closed").allMatch(n -> n >= 1);
    assertThat(directionChanges(allowed))
        .as("it shrinks, then holds: it never grows back")
        .isZero();
    // the stop-and-go gate with the same hysteresis on the same sequence
    LoadThreshold stopAndGo = THROTTLE.threshold();
    boolean open = true;
    int closures = 0;
    for (double load : loads) {
      boolean next = stopAndGo.next(open, load);
      closures += open && !next ? 1 : 0;
      open = next;
    }
    assertThat(closures)
        .as("the stop-and-go gate, for comparison: closed once, stays closed")
        .isOne();
  }

  @Test
  void aCopyWhoseOwnLoadCrossesTheThresholdPausesOneMailboxAtATimeInsteadOfAll() {
    // Three slots; each mailbox copying adds 26 points to the load, seen through a 1-minute
    // average sampled every 5 s, as /proc/loadavg does: all three push it to 78 %, two let it
    // fall to 52 %. One hour of samples.
    LoadThrottle throttle = LoadThrottle.of(0.7, 0.1, 0.9, 1, 3);
    double decay = Math.exp(-5.0 / 60);
    double load = 0;
    int allowed = 3;
    double previous = Double.NaN;
    int pauses = 0;
    int least = 3;
    for (int sample = 0; sample < 720; sample++) {
      load = load * decay + 0.26 * allowed * (1 - decay);
      int next = throttle.next(allowed, allowed, previous, load);
      pauses += Math.max(0, allowed - next);
      least = Math.min(least, next);
      previous = load;
      allowed = next;
    }
    assertThat(least).as("never fewer than two of three copying").isEqualTo(2);
    assertThat(pauses).as("at most one mailbox pause a minute").isLessThanOrEqualTo(60);

    // the stop-and-go gate with the same hysteresis on the same machine stops all three
    LoadThreshold stopAndGo = throttle.threshold();
    load = 0;
    boolean open = true;
    int stopAndGoPauses = 0;
    int samplesWithNoCopy = 0;
    for (int sample = 0; sample < 720; sample++) {
      load = load * decay + 0.26 * (open ? 3 : 0) * (1 - decay);
      boolean next = stopAndGo.next(open, load);
      stopAndGoPauses += open && !next ? 3 : 0;
      samplesWithNoCopy += next ? 0 : 1;
      open = next;
    }
    assertThat(samplesWithNoCopy).as("stop-and-go, for comparison: nothing copies").isPositive();
    assertThat(stopAndGoPauses).as("stop-and-go pauses").isGreaterThan(3 * pauses);
  }

  @Test
  void theStateSaysWhetherEveryFewerOrNoMailboxMayCopy() {
    assertThat(THROTTLE.state(4)).isEqualTo(LoadGate.State.OPEN);
    assertThat(THROTTLE.state(1)).isEqualTo(LoadGate.State.THROTTLED);
    assertThat(THROTTLE.state(0)).isEqualTo(LoadGate.State.CLOSED);
  }

  @Test
  void aHardThresholdBelowTheThresholdMeansStopAndGoAtTheThreshold() {
    LoadThrottle stopAndGo = LoadThrottle.of(0.7, 0.1, 0.5, 1, 3);
    assertThat(stopAndGo.hardThreshold()).isEqualTo(0.7);
    assertThat(run(stopAndGo, 0.7, 0.65, 0.55)).containsExactly(0, 0, 1);
    assertThatThrownBy(() -> new LoadThrottle(new LoadThreshold(0.7, 0.6), 0.5, 1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadThrottle.of(0.7, 0.1, 0.9, -1, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** How often the number turned from shrinking to growing or back. */
  private static int directionChanges(List<Integer> allowed) {
    int changes = 0;
    int lastDirection = 0;
    for (int i = 1; i < allowed.size(); i++) {
      int direction = Integer.signum(allowed.get(i) - allowed.get(i - 1));
      if (direction != 0) {
        if (lastDirection != 0 && direction != lastDirection) {
          changes++;
        }
        lastDirection = direction;
      }
    }
    return changes;
  }
}
