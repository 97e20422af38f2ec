"""Block type ids of the .scap format (pcapng-style blocks)."""

SHB = 0x0A0D0D0A
MAGIC = 0x1A2B3C4D
SWAPPED_MAGIC = 0x4D3C2B1A

MI = 0x201
MI_INT = 0x8002ABCD
PL_V1 = 0x202
PL_V1_INT = 0x8000ABCD
PL_V2 = 0x207
PL_V2_INT = 0x8013ABCD
PL_V3 = 0x209
PL_V3_INT = 0x8014ABCD
PL_V4 = 0x210
PL_V5 = 0x211
PL_V6 = 0x212
PL_V7 = 0x213
PL_V8 = 0x214
PL_V9 = 0x215
FDL = 0x203
FDL_INT = 0x8001ABCD
FDL_V2 = 0x218
IL = 0x205
IL_INT = 0x8011ABCD
IL_V2 = 0x219
UL = 0x206
UL_INT = 0x8012ABCD
UL_V2 = 0x220
EV = 0x204
EV_INT = 0x8010ABCD
EVF = 0x208
EV_V2 = 0x216
EVF_V2 = 0x217
EV_V2_LARGE = 0x221
EVF_V2_LARGE = 0x222

# process list block type -> layout version 1..9
PL_VERSIONS = {
    PL_V1: 1, PL_V1_INT: 1, PL_V2: 2, PL_V2_INT: 2, PL_V3: 3, PL_V3_INT: 3,
    PL_V4: 4, PL_V5: 5, PL_V6: 6, PL_V7: 7, PL_V8: 8, PL_V9: 9,
}

NAMES = {
    SHB: "section header", MI: "machine info", MI_INT: "machine info",
    **{t: f"process list v{v}" for t, v in PL_VERSIONS.items()},
    FDL: "fd list", FDL_INT: "fd list", FDL_V2: "fd list v2",
    IL: "interface list", IL_INT: "interface list", IL_V2: "interface list v2",
    UL: "user list", UL_INT: "user list", UL_V2: "user list v2",
}
