package io.jaci.core.run;

import java.util.List;

/**
 * The numeric identity an app runs with ({@code process.user} of the OCI config).
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param additionalGids supplementary group ids, without duplicates, in order
 */
public record AppIdentity(long uid, long gid, List<Long> additionalGids) {
  public AppIdentity {
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("uid and gid must not be negative: " + uid + ":" + gid);
    }
    additionalGids = List.copyOf(additionalGids);
  }
}
