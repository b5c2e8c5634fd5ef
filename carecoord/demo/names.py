"""Names, places and phone numbers for synthetic people. Everything here is invented.

Phone numbers come from Ofcom's ranges reserved for drama (01632 960xxx, 07700 900xxx), the
postcode area RV does not exist, and email addresses use reserved example domains.
"""

from __future__ import annotations

from dataclasses import dataclass

from carecoord.demo.dice import Dice, Weighted


@dataclass(frozen=True)
class Background:
    """Names that belong together, and the languages some people prefer to speak."""

    women: tuple[str, ...]
    men: tuple[str, ...]
    family: tuple[str, ...]
    languages: tuple[str, ...] = ()
    language_share: float = 0.0


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


BRITISH = Background(
    women=_t("Margaret|Dorothy|Joan|Jean|Patricia|Barbara|Brenda|Sheila|Maureen|Pauline|"
             "Valerie|Sylvia|Irene|Doreen|Eileen|Elizabeth|Mary|Anne|Susan|Christine|Janet|"
             "Linda|Carol|Kathleen|Gwendoline|Rita|Beryl|June|Edna|Marjorie|Hilda|Vera|Olive|"
             "Elsie|Ivy|Gladys|Winifred|Audrey|Shirley|Wendy|Gillian|Judith|Lesley|Rosemary|"
             "Catherine|Teresa|Bernadette|Frances|Hazel|Ruth|Sandra|Diane|Heather|Ann|Renée|"
             "Zoë|Lorraine|Jacqueline|Yvonne|Elaine"),
    men=_t("John|David|Michael|Peter|Robert|William|James|Kenneth|Ronald|Derek|Brian|Anthony|"
           "Alan|Keith|Terence|Raymond|George|Frederick|Albert|Arthur|Harold|Leslie|Dennis|"
           "Roy|Stanley|Norman|Geoffrey|Colin|Malcolm|Graham|Trevor|Barry|Gordon|Stephen|"
           "Richard|Thomas|Edward|Francis|Patrick|Charles|Douglas|Eric|Walter|Ernest|Alfred|"
           "Bernard|Clifford|Gerald|Roger|Philip|Christopher|Ian|Neil|Hugh|Noël"),
    family=_t("Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|"
              "Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|Harris|"
              "Clarke|Patel|Jackson|Wood|Turner|Martin|Cooper|Hill|Ward|Morris|Moore|Clark|Lee|"
              "King|Baker|Harrison|Morgan|Allen|James|Scott|Phillips|Watson|Davis|Parker|Price|"
              "Bennett|Young|Griffiths|Mitchell|Kelly|Cook|Carter|Richardson|Bailey|Collins|"
              "Bell|Shaw|Murphy|Miller|Cox|Richards|Khan|Marshall|Anderson|Simpson|Ellis|"
              "Adams|Wilkinson|Foster|Chapman|Mason|Gray|Hunt|Webb|Rogers|Owen|Holmes|Lloyd|"
              "Pritchard|Howells|Rees|Llewellyn|Macdonald|Campbell|Stewart|Fraser|Henderson|"
              "Ferguson|McLeod|Sinclair|O'Brien|O'Neill|Fitzgerald|Gallagher|Doyle|McCarthy|"
              "Smith-Jones|Ashworth|Whitehead|Sutcliffe|Butterworth|Haworth|Pickering"),
    languages=("Welsh",), language_share=0.01,
)
IRISH = Background(
    women=_t("Siobhán|Máire|Bríd|Bridget|Kathleen|Nora|Eileen|Mary|Teresa|Margaret|Philomena"),
    men=_t("Seán|Patrick|Michael|Pádraig|Declan|Brendan|Liam|Kevin|Eamon|Gerard|Dermot"),
    family=_t("Murphy|Kelly|O'Sullivan|Walsh|O'Connor|Ryan|Byrne|Doherty|Kennedy|Lynch|"
              "Quinn|Brennan|Nolan|Flanagan|Maguire|Donnelly|Ó Briain"),
)
PUNJABI_SIKH = Background(
    women=_t("Surinder|Kulwant|Jaswinder|Manjit|Gurmeet|Harjit|Balbir|Paramjit"),
    men=_t("Gurdev|Harbans|Jagjit|Karamjit|Surjit|Ajit|Baldev|Mohinder"),
    family=_t("Singh|Kaur|Sandhu|Gill|Dhillon|Bains|Sidhu|Grewal"),
    languages=("Punjabi",), language_share=0.35,
)
GUJARATI = Background(
    women=_t("Hansa|Savita|Shanti|Kamla|Pushpa|Jayshree|Manjula|Sarla"),
    men=_t("Rajesh|Mahendra|Suresh|Ashok|Mohan|Dinesh|Kantilal|Pravin"),
    family=_t("Patel|Shah|Mistry|Parmar|Solanki|Chauhan|Lad|Desai"),
    languages=("Gujarati",), language_share=0.35,
)
PAKISTANI_BANGLADESHI = Background(
    women=_t("Parveen|Shamim|Nasreen|Rukhsana|Bilquis|Razia|Jamila|Rahima"),
    men=_t("Mohammed|Abdul|Iqbal|Anwar|Tariq|Bashir|Rafiq|Nazir"),
    family=_t("Khan|Hussain|Ahmed|Begum|Akhtar|Bibi|Mahmood|Rahman|Chowdhury|Ali|Uddin"),
    languages=("Urdu", "Bengali", "Sylheti"), language_share=0.4,
)
CARIBBEAN = Background(
    women=_t("Gloria|Hyacinth|Beverley|Pearline|Icilda|Merle|Blossom|Maud"),
    men=_t("Winston|Clifton|Desmond|Errol|Delroy|Lloyd|Neville|Carlton"),
    family=_t("Campbell|Brown|Williams|Francis|Grant|Reid|Henry|Thompson|Bailey|Clarke"),
)
WEST_AFRICAN = Background(
    women=_t("Adwoa|Ngozi|Comfort|Veronica|Abena|Folasade"),
    men=_t("Kwame|Oluwaseun|Emmanuel|Augustine|Kofi|Babatunde"),
    family=_t("Okafor|Mensah|Adeyemi|Boateng|Asante|Okonkwo|Owusu"),
)
POLISH = Background(
    women=_t("Krystyna|Barbara|Zofia|Danuta|Halina|Teresa|Maria|Jadwiga"),
    men=_t("Jan|Stanislaw|Tadeusz|Zbigniew|Andrzej|Jerzy|Kazimierz|Wojciech"),
    family=_t("Nowak|Kowalski|Wisniewski|Wojcik|Kaminski|Lewandowski|Zielinski|Mazur"),
    languages=("Polish",), language_share=0.5,
)
ITALIAN = Background(
    women=_t("Giuseppina|Rosa|Concetta|Lucia|Maria|Carmela"),
    men=_t("Giovanni|Antonio|Salvatore|Mario|Franco|Luigi"),
    family=_t("Rossi|Esposito|Romano|Ricci|De Luca|Colombo"),
    languages=("Italian",), language_share=0.2,
)
GREEK_CYPRIOT = Background(
    women=_t("Androulla|Eleni|Despina|Maria|Chrystalla"),
    men=_t("Andreas|Costas|Georgios|Christos|Panayiotis"),
    family=_t("Georgiou|Constantinou|Papadopoulos|Christodoulou|Ioannou"),
    languages=("Greek",), language_share=0.25,
)
CHINESE = Background(
    women=_t("Mei Ling|Siu Wai|Lai Ching|Yuk Lan|Wai Ping"),
    men=_t("Kwok Wing|Chi Keung|Wai Man|Kam Fai|Yiu Ming"),
    family=_t("Chan|Wong|Li|Cheung|Lau|Ng|Leung"),
    languages=("Cantonese",), language_share=0.45,
)

BACKGROUNDS: Weighted[Background] = Weighted([
    (BRITISH, 78), (IRISH, 5), (PUNJABI_SIKH, 2.5), (GUJARATI, 2.5),
    (PAKISTANI_BANGLADESHI, 3), (CARIBBEAN, 2.5), (WEST_AFRICAN, 1.5), (POLISH, 2),
    (ITALIAN, 1), (GREEK_CYPRIOT, 1), (CHINESE, 1),
])

# The name people actually go by, when it differs from the one on their record.
NICKNAMES = {
    "Margaret": ("Peggy", "Maggie", "Margie"), "Elizabeth": ("Betty", "Liz", "Beth"),
    "Dorothy": ("Dot", "Dolly"), "Patricia": ("Pat", "Trish"), "Kathleen": ("Kath", "Kay"),
    "Catherine": ("Kate", "Cathy"), "Susan": ("Sue",), "Christine": ("Chris",),
    "Barbara": ("Babs",), "Winifred": ("Winnie",), "Gwendoline": ("Gwen",),
    "Jacqueline": ("Jackie",), "Bernadette": ("Bernie",), "Frances": ("Fran",),
    "William": ("Bill", "Billy"), "Robert": ("Bob", "Bobby"), "James": ("Jim", "Jimmy"),
    "Kenneth": ("Ken", "Kenny"), "Ronald": ("Ron", "Ronnie"), "Terence": ("Terry",),
    "Anthony": ("Tony",), "Frederick": ("Fred", "Freddie"), "Albert": ("Bert", "Albie"),
    "Edward": ("Ted", "Eddie"), "Thomas": ("Tom", "Tommy"), "Michael": ("Mick", "Mike"),
    "Harold": ("Harry",), "Alfred": ("Alf",), "Leslie": ("Les",), "Stanley": ("Stan",),
    "Raymond": ("Ray",), "Geoffrey": ("Geoff",), "Richard": ("Dick", "Rich"),
    "Patrick": ("Paddy", "Pat"), "Stanislaw": ("Stan",), "Giuseppina": ("Pina",),
    "Oluwaseun": ("Seun",), "Mohammed": ("Mo",), "Gurdev": ("Dev",), "Douglas": ("Doug",),
    "Mei Ling": ("Mary",), "Kwok Wing": ("Kevin",), "Chi Keung": ("Charlie",),
}

# Younger names: professionals in the directory, and people's children and friends.
YOUNGER_WOMEN = _t("Sarah|Emma|Rachel|Laura|Priya|Hannah|Amy|Claire|Nicola|Rebecca|Fatima|"
                   "Joanne|Gemma|Aisha|Olivia|Chloe|Sophie|Niamh|Ewa|Grace|Funmi|Megan|Leanne|"
                   "Helen|Kirsty")
YOUNGER_MEN = _t("James|Tom|Daniel|Matthew|Chris|Ravi|Imran|Ben|Owen|Sam|Luke|Adam|Kwabena|"
                 "Rhys|Ciaran|Marcus|Jonathan|Paul|Mark|Andrew|Wei|Hamza|Dylan")
STAFF_GIVEN = YOUNGER_WOMEN + YOUNGER_MEN
STAFF_FAMILY = BRITISH.family + _t("Okoye|Nwosu|Kaur|Shah|Begum|Dhillon|Kowalska|Nowak|Chen|"
                                   "Byrne|Murphy|Adeyemi|Mensah|Osei|Rossi|Pereira|Santos")

LOCALITIES: tuple[str, ...] = ("North locality", "South locality", "East locality",
                               "West locality", "Central locality")
LOCALITY_SHARES = dict(zip(LOCALITIES, (22, 20, 18, 20, 20), strict=True))
LOCALITY_WEIGHTS: Weighted[str] = Weighted(list(LOCALITY_SHARES.items()))
# Areas and postcode districts within each locality of the fictional town of Riverside.
AREAS = {
    "North locality": (("Northfield", 1), ("Hillside", 2), ("Greenacres", 2)),
    "South locality": (("Southmoor", 7), ("Brookside", 8), ("Lower Weir", 8)),
    "East locality": (("Eastbridge", 4), ("Marsh End", 5), ("Canal Basin", 4)),
    "West locality": (("Westcombe", 9), ("Oakley", 10), ("Fernhill", 10)),
    "Central locality": (("Old Town", 3), ("Riverside Quay", 6), ("Market Hill", 3)),
}
STREETS = _t("Church|Station|Mill|Victoria|Queen's|King's|Park|Chapel|High|School|Manor|"
             "Orchard|Willow|Beech|Elm|Ash|Oak|Holly|Hawthorn|Meadow|Brook|Bridge|Canal|"
             "Castle|Abbey|Priory|Grange|Albert|Alexandra|Windsor|Cromwell|Nelson|Wellington|"
             "Jubilee|Coronation|Rosebery|Primrose|Bluebell|Foxglove|Heather|Lavender|Larch|"
             "Sycamore|Chestnut|Rowan|Cedar|Poplar|Spring|Well|Moor|Farm|Forge|Tannery|"
             "Weavers|Cooper's|Ropewalk|Brewery|Railway")
STREET_KINDS = _t("Road|Street|Lane|Close|Avenue|Drive|Gardens|Crescent|Grove|Way|Terrace|"
                  "Road|Street|Close")
FLAT_BLOCKS = _t("Willow Court|Jubilee House|Canal View|Priory Court|Beech House|"
                 "St Anne's Court|Mill Court")
CARE_HOMES = _t("Oak Lodge Care Home|The Limes Nursing Home|Brookfield House|"
                "Riverside Manor Care Home|Ashgrove Residential Home")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcode(dice: Dice, district: int) -> str:
    return (f"RV{district} {dice.between(1, 9)}"
            f"{dice.pick(POSTCODE_LETTERS)}{dice.pick(POSTCODE_LETTERS)}")


def landline(dice: Dice) -> str:
    return f"01632 960{dice.between(0, 999):03d}"


def mobile(dice: Dice) -> str:
    return f"07700 900{dice.between(0, 999):03d}"


def email_part(text: str) -> str:
    return "".join(ch for ch in text.lower().replace(" ", ".") if ch.isascii()
                   and (ch.isalnum() or ch == "."))
