"""The regions a level claim may name: Russia's federal subjects, and the countries (and groups
of migrants) that recruiters abroad have made offers to. One declared list, so that "St
Petersburg" and "Saint Petersburg" are one line on a chart and a typo is caught at upload.

Names are the English ones the shipped data uses. A few common variants are accepted and
stored under their declared name; anything else is refused with the closest known name.
"""

from __future__ import annotations

import difflib

# The federal subjects of Russia as its own statements name them. Crimea, Sevastopol and the
# four regions annexed in 2022 are occupied Ukrainian territory that Russia administers as
# federal subjects; they are listed because recruitment payments there are stated by Russian
# authorities, not as a recognition of annexation.
FEDERAL_SUBJECTS = (
    # republics
    "Republic of Adygea", "Altai Republic", "Republic of Bashkortostan", "Republic of Buryatia",
    "Chechen Republic", "Chuvash Republic", "Republic of Dagestan", "Republic of Ingushetia",
    "Kabardino-Balkarian Republic", "Republic of Kalmykia", "Karachay-Cherkess Republic",
    "Republic of Karelia", "Republic of Khakassia", "Komi Republic", "Mari El Republic",
    "Republic of Mordovia", "Republic of North Ossetia-Alania", "Sakha (Yakutia) Republic",
    "Republic of Tatarstan", "Tuva Republic", "Udmurt Republic",
    # krais
    "Altai Krai", "Kamchatka Krai", "Khabarovsk Krai", "Krasnodar Krai", "Krasnoyarsk Krai",
    "Perm Krai", "Primorsky Krai", "Stavropol Krai", "Zabaykalsky Krai",
    # oblasts
    "Amur Oblast", "Arkhangelsk Oblast", "Astrakhan Oblast", "Belgorod Oblast",
    "Bryansk Oblast", "Chelyabinsk Oblast", "Irkutsk Oblast", "Ivanovo Oblast",
    "Kaliningrad Oblast", "Kaluga Oblast", "Kemerovo Oblast", "Kirov Oblast", "Kostroma Oblast",
    "Kurgan Oblast", "Kursk Oblast", "Leningrad Oblast", "Lipetsk Oblast", "Magadan Oblast",
    "Moscow Oblast", "Murmansk Oblast", "Nizhny Novgorod Oblast", "Novgorod Oblast",
    "Novosibirsk Oblast", "Omsk Oblast", "Orenburg Oblast", "Oryol Oblast", "Penza Oblast",
    "Pskov Oblast", "Rostov Oblast", "Ryazan Oblast", "Sakhalin Oblast", "Samara Oblast",
    "Saratov Oblast", "Smolensk Oblast", "Sverdlovsk Oblast", "Tambov Oblast", "Tomsk Oblast",
    "Tula Oblast", "Tver Oblast", "Tyumen Oblast", "Ulyanovsk Oblast", "Vladimir Oblast",
    "Volgograd Oblast", "Vologda Oblast", "Voronezh Oblast", "Yaroslavl Oblast",
    # federal cities, autonomous oblast and okrugs
    "Moscow", "Saint Petersburg", "Jewish Autonomous Oblast", "Chukotka Autonomous Okrug",
    "Khanty-Mansi Autonomous Okrug", "Nenets Autonomous Okrug",
    "Yamalo-Nenets Autonomous Okrug",
    # occupied Ukrainian territory (see above)
    "Republic of Crimea", "Sevastopol", "Donetsk People's Republic",
    "Luhansk People's Republic", "Zaporizhzhia Oblast", "Kherson Oblast",
)  # fmt: skip
# Countries where offers to recruits were advertised or made.
COUNTRIES = (
    "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan", "Cuba",
    "Nepal", "India", "Sri Lanka",
)  # fmt: skip
# Offers made inside Russia to migrants from abroad, named by where they come from.
MIGRANT_GROUPS = ("Central Asia (migrants in Russia)", "Tajikistan (migrants in Russia)")
REGIONS = FEDERAL_SUBJECTS + COUNTRIES + MIGRANT_GROUPS
# Common other spellings, stored under the declared name.
VARIANTS = {
    "St Petersburg": "Saint Petersburg", "St. Petersburg": "Saint Petersburg",
    "Moscow City": "Moscow", "Bashkortostan": "Republic of Bashkortostan",
    "Bashkiria": "Republic of Bashkortostan", "Tatarstan": "Republic of Tatarstan",
    "Dagestan": "Republic of Dagestan", "Chuvashia": "Chuvash Republic",
    "Yakutia": "Sakha (Yakutia) Republic", "Crimea": "Republic of Crimea",
    "Buryatia": "Republic of Buryatia", "Chechnya": "Chechen Republic",
    "Udmurtia": "Udmurt Republic", "Mari El": "Mari El Republic",
    "Kabardino-Balkaria": "Kabardino-Balkarian Republic",
    "North Ossetia": "Republic of North Ossetia-Alania", "Khakassia": "Republic of Khakassia",
    "Adygea": "Republic of Adygea", "Karachay-Cherkessia": "Karachay-Cherkess Republic",
    "Yugra": "Khanty-Mansi Autonomous Okrug", "Primorye": "Primorsky Krai",
    "Zaporozhye Oblast": "Zaporizhzhia Oblast",
}  # fmt: skip

_BY_LOWER = {name.lower(): name for name in REGIONS} | {
    variant.lower(): name for variant, name in VARIANTS.items()
}


def canonical(name: str) -> str | None:
    """The declared name of `name` (any case, spaces tidied, or a declared variant), or None."""
    return _BY_LOWER.get(" ".join(name.split()).lower())


def closest(name: str) -> str | None:
    """The declared name closest to an unknown `name`, for a "did you mean" hint."""
    lowered = " ".join(name.split()).lower()
    hint = difflib.get_close_matches(lowered, list(_BY_LOWER), n=1, cutoff=0.6)
    return _BY_LOWER[hint[0]] if hint else None
