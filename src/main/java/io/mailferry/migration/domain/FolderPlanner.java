package io.mailferry.migration.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where each source folder goes on the destination: hierarchy rebuilt with the
 * destination's separator and namespace prefix, special-use folders merged into the destination's
 * own (no "Sent Items" beside "Sent"), the admin's exclusions and renames applied.
 */
public final class FolderPlanner {

  private FolderPlanner() {}

  /**
   * @param source every folder the source lists
   * @param destinationSeparator the destination's hierarchy separator
   * @param destinationPrefix the destination's personal namespace prefix, e.g. {@code INBOX.}
   * @param destinationFolders the folders that already exist on the destination
   */
  public static List<PlannedFolder> plan(
      List<ListedFolder> source,
      char destinationSeparator,
      String destinationPrefix,
      List<ListedFolder> destinationFolders,
      FolderRules rules) {
    Map<SpecialUse, FolderPath> destinationRoles = destinationRoles(destinationFolders);
    Map<SpecialUse, List<FolderPath>> sourceRoleRoots = new EnumMap<>(SpecialUse.class);
    for (ListedFolder folder : source) {
      sourceRole(folder)
          .ifPresent(
              use ->
                  sourceRoleRoots.computeIfAbsent(use, u -> new ArrayList<>()).add(folder.path()));
    }

    List<PlannedFolder> planned = new ArrayList<>();
    for (ListedFolder folder : source) {
      FolderPath path = folder.path();
      if (!path.isInbox() && rules.excludes(path)) {
        continue;
      }
      SpecialUse role = null;
      FolderPath target = path;
      Optional<FolderPath> renamed = rules.rename(path);
      if (renamed.isPresent()) {
        target = renamed.get();
      } else if (!path.isInbox()) {
        for (Map.Entry<SpecialUse, List<FolderPath>> roots : sourceRoleRoots.entrySet()) {
          for (FolderPath root : roots.getValue()) {
            if (path.startsWith(root)) {
              FolderPath destinationRoot =
                  destinationRoles.getOrDefault(
                      roots.getKey(), new FolderPath(List.of(roots.getKey().canonicalName())));
              target = path.withFirstSegments(destinationRoot, root.depth());
              if (path.depth() == root.depth()) {
                role = roots.getKey();
              }
            }
          }
        }
      }
      planned.add(
          new PlannedFolder(
              folder.fullName(),
              path,
              target.toServerName(destinationSeparator, destinationPrefix),
              target,
              0,
              folder.selectable(),
              folder.subscribed() || role != null,
              role));
    }
    planned.sort(
        Comparator.comparingInt(FolderPlanner::rank).thenComparing(p -> p.destinationPath().key()));
    List<PlannedFolder> ordered = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      PlannedFolder p = planned.get(i);
      ordered.add(
          new PlannedFolder(
              p.sourceName(),
              p.sourcePath(),
              p.destinationName(),
              p.destinationPath(),
              i,
              p.selectable(),
              p.subscribed(),
              p.specialUse()));
    }
    return ordered;
  }

  /** INBOX first, then Sent and Drafts, so a user's daily mail arrives within seconds. */
  private static int rank(PlannedFolder folder) {
    if (folder.sourcePath().isInbox()) {
      return 0;
    }
    if (folder.specialUse() == SpecialUse.SENT) {
      return 1;
    }
    if (folder.specialUse() == SpecialUse.DRAFTS) {
      return 2;
    }
    return 3;
  }

  private static Optional<SpecialUse> sourceRole(ListedFolder folder) {
    if (folder.path().isInbox()) {
      return Optional.empty();
    }
    Optional<SpecialUse> byAttribute = SpecialUse.byAttribute(folder);
    return byAttribute.isPresent() ? byAttribute : SpecialUse.byName(folder.path());
  }

  /** The destination's own special-use folders: by attribute, else by a well-known name. */
  private static Map<SpecialUse, FolderPath> destinationRoles(List<ListedFolder> folders) {
    Map<SpecialUse, FolderPath> roles = new EnumMap<>(SpecialUse.class);
    for (ListedFolder folder : folders) {
      SpecialUse.byAttribute(folder).ifPresent(use -> roles.putIfAbsent(use, folder.path()));
    }
    for (ListedFolder folder : folders) {
      if (folder.path().depth() == 1) {
        SpecialUse.byName(folder.path()).ifPresent(use -> roles.putIfAbsent(use, folder.path()));
      }
    }
    return roles;
  }
}
