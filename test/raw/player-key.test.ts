import { describe, expect, it } from "vitest";
import { normalizePlayerName } from "../../ts/raw/player-key.ts";
import { PlayerResolver } from "../../ts/raw/player-resolver.ts";
import { TeamResolver } from "../../ts/raw/team-resolver.ts";
import { sourceRecords } from "./helpers.ts";

describe("normalizePlayerName (the one rule for every source)", () => {
  it.each([
    ["Nikola Jokić", "nikola jokic"],
    ["Luka Dončić", "luka doncic"],
    ["Kenyon Martin Jr.", "kenyon martin"],
    ["Gary Trent Jr", "gary trent"],
    ["Marcus Morris Sr.", "marcus morris"],
    ["Ronald Holland II", "ronald holland"],
    ["Gregory Jackson III", "gregory jackson"],
    ["D'Angelo Russell", "dangelo russell"],
    ["P.J. Washington", "pj washington"],
    ["Shai Gilgeous-Alexander", "shai gilgeous alexander"],
    ["• Montrezl Harrell ", "montrezl harrell"],
    ["Portis, Bobby", "portis bobby"],
    ["Jalen (2001) Johnson", "jalen 2001 johnson"],
    ["  LeBron   JAMES ", "lebron james"],
    ["Kristaps Porziņģis", "kristaps porzingis"],
    ["V. Williams", "v williams"],
  ])("%s → %s", (input, expected) => {
    expect(normalizePlayerName(input)).toBe(expected);
  });
});

describe("PlayerResolver", () => {
  const resolver = new PlayerResolver(
    [
      { player_id: "1630552", player_name: "Jalen Johnson" },
      { player_id: "1630224", player_name: "Jalen Green" },
      { player_id: "201145", player_name: "Jeff Green" },
      { player_id: "1642267", player_name: "Bub Carrington" },
    ],
    [{ alias_lookup: "carlton carrington", nba_player_id: "1642267" }],
  );
  it("resolves by normalised name, then alias, keeps abbreviations unresolved and rejects unknown spellings", () => {
    expect(resolver.resolve("Jalen  Johnson")).toEqual({ lookup: "jalen johnson", playerId: "1630552", match: "name" });
    expect(resolver.resolve("Carlton Carrington")).toEqual({
      lookup: "carlton carrington",
      playerId: "1642267",
      match: "alias",
    });
    expect(resolver.resolve("J. Green")).toEqual({ lookup: "j green", playerId: null, match: "abbreviated" });
    expect(resolver.resolve("Zzyzx Qwerty").match).toBe("unknown");
  });
});

describe("TeamResolver on the shipped crosswalk", () => {
  const teams = new TeamResolver(sourceRecords("reference/team_crosswalk.csv").map((r) => r.values as never));
  it("maps every spelling the sources use to the tricode", () => {
    expect(teams.byName("Blazers")).toBe("POR");
    expect(teams.byName("Trail Blazers")).toBe("POR");
    expect(teams.byName("76ers")).toBe("PHI");
    expect(teams.byName("Los Angeles Clippers")).toBe("LAC");
    expect(teams.byName("LA Clippers")).toBe("LAC");
    expect(teams.byName("Los Angeles Lakers")).toBe("LAL");
    expect(teams.byName("Angeles")).toBeUndefined();
    expect(teams.byGameLinesCode("utah")).toBe("UTA");
    expect(teams.byGameLinesCode("wsh")).toBe("WAS");
    expect(teams.byTeamId("1610612743")).toBe("DEN");
    expect(teams.byTricode("XYZ")).toBeUndefined();
  });
});
