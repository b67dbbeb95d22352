"""English phrase banks for reviews (Google Maps, TripAdvisor and a few local-platform posts).

Slots: {dish} {dish2} {slow_min} {fast_min} {long_wait} {short_wait} {price} {n} {who}
{store} {queue} {k}. Every phrase is a full sentence without the final full stop.
"""

from __future__ import annotations

from needscope.demo.phrases_zh import Bank

ASPECTS_EN: Bank = {
    ("food.taste", "positive"): (
        "The {dish} was delicious, perfectly balanced sweet and sour",
        "Authentic Jiangnan flavours, do not miss the {dish}",
        "Loved the {dish} and the {dish2}",
        "Everything we ordered tasted great, especially the {dish}",
        "The {dish2} was full of flavour",
        "Food was tasty and not too oily",
    ),
    ("food.taste", "negative"): (
        "The {dish} was way too salty",
        "Food was bland and the {dish} had no flavour",
        "The {dish2} tasted fishy, we left most of it",
        "Everything was swimming in oil",
        "The {dish} was much worse than on our last visit",
    ),
    ("food.taste", "neutral"): (
        "The food was okay, nothing special",
        "The {dish} was decent",
    ),
    ("food.portion", "positive"): (
        "Portions are generous",
        "Big portions, {n} of us could not finish",
    ),
    ("food.portion", "negative"): (
        "Portions were tiny for the price",
        "The {dish} came with only a few pieces",
    ),
    ("food.freshness", "positive"): (
        "Ingredients were very fresh, the shrimp tasted freshly peeled",
        "The fish was clearly fresh",
    ),
    ("food.freshness", "negative"): (
        "The shrimp did not taste fresh",
        "The {dish} seemed reheated",
    ),
    ("food", "positive"): (
        "Great food overall",
        "Beautifully presented dishes",
        "Lots of seasonal dishes on the menu",
    ),
    ("food", "negative"): (
        "The food was disappointing overall",
        "Quality was inconsistent between dishes",
    ),
    ("service.serving_speed", "positive"): (
        "Dishes arrived quickly, all served within {fast_min} minutes",
        "Food came out fast even though it was busy",
    ),
    ("service.serving_speed", "negative"): (
        "We waited {slow_min} minutes for our food",
        "Service was painfully slow, {slow_min} minutes for the first dish",
        "Dishes came out one by one with long gaps, about {slow_min} minutes in total",
        "The kitchen is very slow at peak hours",
        "We had to ask three times where our {dish} was",
    ),
    ("service.wait_time", "positive"): (
        "We got a table right away",
        "Only waited about {short_wait} minutes for a table",
    ),
    ("service.wait_time", "negative"): (
        "We queued for {long_wait} minutes to get a table",
        "The wait for a table was over an hour on Saturday",
        "Long queue outside and nowhere to sit while waiting",
        "Got number {queue} and waited forever",
    ),
    ("service.staff_attitude", "positive"): (
        "Staff were friendly and attentive",
        "Our waitress was lovely and recommended the {dish}",
        "Very polite staff, they even helped us with the menu",
    ),
    ("service.staff_attitude", "negative"): (
        "Staff were rude and ignored us",
        "The waiter could not explain any dish on the menu",
        "Nobody spoke English and the staff seemed annoyed",
        "We had to wave for ages to get anyone's attention",
    ),
    ("service.parking", "positive"): ("Easy parking in the mall",),
    ("service.parking", "negative"): (
        "Parking nearby is a nightmare",
        "No parking and the mall car park is expensive",
    ),
    ("service", "positive"): ("Good service overall", "Service was efficient"),
    ("service", "negative"): (
        "Clearly understaffed",
        "Service was chaotic and they mixed up our order",
    ),
    ("service", "neutral"): ("Service was fine",),
    ("price", "positive"): (
        "Great value, about {price} yuan per person",
        "Reasonable prices for the quality",
    ),
    ("price", "negative"): (
        "A bit overpriced at {price} yuan per person",
        "Expensive for what you get",
        "They charge extra for tea and tableware",
    ),
    ("price", "neutral"): ("Prices are average, around {price} yuan each",),
    ("ambience", "positive"): (
        "Lovely traditional decor",
        "Clean and comfortable dining room",
        "Beautiful interior, great for photos",
    ),
    ("ambience", "negative"): (
        "Very noisy inside",
        "Tables were sticky and the floor was dirty",
        "Cramped seating",
    ),
    ("ambience", "neutral"): ("The decor is plain",),
    ("location", "positive"): (
        "Convenient location right by the metro",
        "Handy if you have a train to catch at Nanjing South",
        "Right next to the Confucius Temple area",
    ),
    ("location", "negative"): ("Hard to find inside the mall",),
    ("other", "positive"): ("The QR code ordering was easy to use",),
    ("other", "negative"): (
        "The QR code ordering system kept crashing",
        "Could not pay with a foreign card",
    ),
}

OPENERS_EN: tuple[str, ...] = (
    "Came here with {who}",
    "Visited on a weekend trip to Nanjing",
    "Stopped by before catching a train",
    "Our hotel recommended this place",
    "Second visit, this time with {who}",
    "Had dinner here with {who}",
)

CLOSERS_EN: dict[int, tuple[str, ...]] = {
    5: ("Highly recommended!", "Will definitely come back", "A must when in Nanjing"),
    4: ("Worth a visit", "Would come again", "Pretty good overall"),
    3: ("Average experience", "It was okay", "Mixed feelings"),
    2: ("Disappointing", "Probably won't return"),
    1: ("Avoid", "Never again", "Terrible experience"),
}

SAME_JOIN_EN: tuple[str, ...] = ("", "", "", "Also, ", "Plus, ")
TURN_JOIN_EN: tuple[str, ...] = ("However, ", "But ", "That said, ", "On the other hand, ")
ENDS_EN: tuple[str, ...] = (".", ".", ".", "!")

NEEDS_EN: dict[str, tuple[str, ...]] = {
    "kids_chair": ("They really need high chairs for kids",),
    "reservation": ("I wish they took reservations", "Please let us book a table online"),
    "faster_serving": ("The kitchen should speed things up",),
    "more_staff": ("They should add more staff at peak hours",),
    "queue_snacks": ("Some tea or snacks while queuing would be nice",),
    "parking": ("Parking validation would help",),
    "english_menu": ("An English menu would help a lot", "Please add English to the menu"),
    "small_portion": ("Half portions would let solo diners try more",),
    "menu_training": ("Staff should know the menu better",),
}

# zh/en code-switched variants used for the few mixed-language reviews
MIXED: Bank = {
    ("food.taste", "positive"): ("{dish}真的很nice", "口味很OK，{dish}是must try"),
    ("food.taste", "negative"): ("{dish}太咸了，not my taste",),
    ("service.serving_speed", "negative"): ("上菜speed太慢了", "等了{slow_min} mins才上菜"),
    ("service.serving_speed", "positive"): ("上菜很快，efficiency很高",),
    ("service.wait_time", "negative"): ("queue排了{long_wait}分钟", "周末waiting time太长"),
    ("service.staff_attitude", "positive"): ("服务员很nice", "staff很friendly"),
    ("service.staff_attitude", "negative"): ("服务员attitude很差",),
    ("ambience", "positive"): ("环境很chill", "装修很有vibe，很适合拍照"),
    ("ambience", "negative"): ("店里太noisy了",),
    ("price", "negative"): ("price有点高，性价比一般",),
    ("price", "positive"): ("性价比很high",),
}

__all__ = [
    "ASPECTS_EN",
    "CLOSERS_EN",
    "ENDS_EN",
    "MIXED",
    "NEEDS_EN",
    "OPENERS_EN",
    "SAME_JOIN_EN",
    "TURN_JOIN_EN",
]
