/** One row of nba_raw.team_crosswalk, as the resolver needs it. */
export interface TeamCrosswalkRow {
  team_id: string;
  tricode: string;
  nba_team_name: string;
  odds_api_team_name: string;
  game_lines_code: string;
}

/**
 * Maps each source's team spelling to the canonical NBA tricode (nba_raw.team_crosswalk). One lookup per kind of
 * spelling, so a code from one source can never match another source's spelling by accident. Names match
 * case-insensitively on the full NBA or Odds API name or on a nickname: every trailing run of words of a full name
 * ("Portland Trail Blazers" → "Trail Blazers", "Blazers"), except runs shared by two teams.
 */
export class TeamResolver {
  private readonly tricodes: Map<string, string>;
  private readonly teamIds: Map<string, string>;
  private readonly names: Map<string, string>;
  private readonly gameLinesCodes: Map<string, string>;

  constructor(readonly rows: readonly TeamCrosswalkRow[]) {
    this.tricodes = new Map(rows.map((r) => [r.tricode.toUpperCase(), r.tricode]));
    this.teamIds = new Map(rows.map((r) => [r.team_id, r.tricode]));
    this.gameLinesCodes = new Map(rows.map((r) => [r.game_lines_code.toLowerCase(), r.tricode]));
    this.names = nameIndex(rows);
  }

  get isEmpty(): boolean {
    return this.rows.length === 0;
  }

  byTricode(code: string): string | undefined {
    return this.tricodes.get(code.trim().toUpperCase());
  }

  byTeamId(teamId: string): string | undefined {
    return this.teamIds.get(teamId.trim());
  }

  byName(name: string): string | undefined {
    return this.names.get(nameKey(name));
  }

  byGameLinesCode(code: string): string | undefined {
    return this.gameLinesCodes.get(code.trim().toLowerCase());
  }
}

const nameKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

function nameIndex(rows: readonly TeamCrosswalkRow[]): Map<string, string> {
  const candidates = new Map<string, Set<string>>();
  const add = (key: string, tricode: string) => {
    const set = candidates.get(key) ?? new Set<string>();
    set.add(tricode);
    candidates.set(key, set);
  };
  for (const row of rows) {
    for (const fullName of [row.nba_team_name, row.odds_api_team_name]) {
      const words = nameKey(fullName).split(" ");
      for (let start = 0; start < words.length; start++) add(words.slice(start).join(" "), row.tricode);
    }
  }
  const index = new Map<string, string>();
  for (const [key, tricodes] of candidates) if (tricodes.size === 1) index.set(key, [...tricodes][0]!);
  return index;
}
