namespace WebApp.Seeding;

/// <summary>The demo store's departments and categories, with the words products in them are made of.</summary>
internal static class Taxonomy
{
    internal sealed record Leaf(string Name, string[] Nouns, int MinPrice, int MaxPrice);

    internal sealed record Department(string Name, string Code, string Color, string[] Adjectives, string[] Materials, string[] Features, string[] Uses, Leaf[] Leaves);

    public static readonly string[] Colours =
        ["Black", "White", "Graphite", "Navy", "Silver", "Forest Green", "Sand", "Red", "Sky Blue", "Charcoal", "Olive", "Rose", "Oak", "Walnut", "Slate"];

    public static readonly Department[] Departments =
    [
        new("Electronics", "EL", "#2563eb",
            ["Wireless", "Smart", "Pro", "Ultra", "Compact", "Portable", "Noise-Cancelling", "4K", "Slim", "Rugged"],
            ["aluminium", "recycled plastic", "tempered glass", "carbon fibre"],
            ["all-day battery life", "fast charging", "a crisp high-resolution display", "low-latency Bluetooth 5.3", "voice assistant support", "a water-resistant body"],
            ["work and play", "travel", "the home office", "gaming", "streaming"],
            [
                new("Laptops", ["Laptop", "Notebook", "Ultrabook", "Chromebook"], 299, 2999),
                new("Smartphones", ["Smartphone", "Phone", "Phone Case", "Screen Protector"], 9, 1499),
                new("Headphones", ["Headphones", "Earbuds", "Headset", "Earphones"], 19, 499),
                new("Cameras", ["Camera", "Action Camera", "Lens", "Tripod", "Drone"], 29, 2499),
                new("Televisions", ["Television", "Monitor", "Projector", "Soundbar"], 99, 3499),
                new("Smart Home", ["Smart Speaker", "Smart Plug", "Security Camera", "Thermostat", "Video Doorbell"], 15, 349),
            ]),
        new("Home & Kitchen", "HK", "#ea580c",
            ["Nonstick", "Stainless", "Cast Iron", "Everyday", "Classic", "Modern", "Cosy", "Stackable", "Deluxe"],
            ["stainless steel", "ceramic", "solid oak", "borosilicate glass", "organic cotton", "linen"],
            ["even heat distribution", "dishwasher-safe parts", "a soft-touch finish", "easy assembly", "a space-saving design"],
            ["family dinners", "small kitchens", "weekend baking", "everyday comfort", "entertaining guests"],
            [
                new("Cookware", ["Frying Pan", "Saucepan", "Dutch Oven", "Wok", "Knife Set", "Baking Tray"], 12, 349),
                new("Small Appliances", ["Blender", "Toaster", "Kettle", "Air Fryer", "Coffee Maker", "Stand Mixer"], 19, 699),
                new("Furniture", ["Sofa", "Armchair", "Bookshelf", "Coffee Table", "Dining Chair", "Sideboard"], 49, 2499),
                new("Bedding", ["Duvet Cover", "Pillow", "Mattress Topper", "Throw Blanket", "Sheet Set"], 15, 399),
                new("Lighting", ["Floor Lamp", "Desk Lamp", "Pendant Light", "LED Strip", "Table Lamp"], 12, 449),
            ]),
        new("Fashion", "FA", "#db2777",
            ["Slim-Fit", "Relaxed", "Classic", "Vintage", "Essential", "Premium", "Lightweight", "Quilted", "Everyday"],
            ["organic cotton", "merino wool", "full-grain leather", "recycled polyester", "linen", "denim"],
            ["a tailored fit", "reinforced stitching", "a breathable weave", "deep pockets", "a water-repellent finish"],
            ["the office", "weekends", "travel", "cold mornings", "evenings out"],
            [
                new("Men's Clothing", ["Shirt", "Chinos", "Jacket", "Hoodie", "Sweater", "Jeans"], 15, 399),
                new("Women's Clothing", ["Dress", "Blouse", "Cardigan", "Coat", "Skirt", "Jeans"], 15, 449),
                new("Shoes", ["Sneakers", "Boots", "Loafers", "Sandals", "Running Shoes"], 25, 299),
                new("Bags", ["Backpack", "Tote Bag", "Messenger Bag", "Wallet", "Duffel Bag"], 15, 399),
                new("Watches", ["Watch", "Smartwatch", "Chronograph", "Watch Strap"], 19, 1299),
            ]),
        new("Sports & Outdoors", "SO", "#16a34a",
            ["Ultralight", "Trail", "All-Weather", "Pro", "Adjustable", "Foldable", "Insulated", "Performance"],
            ["ripstop nylon", "aluminium", "high-density foam", "stainless steel", "recycled polyester"],
            ["a weatherproof build", "quick setup", "a non-slip grip", "a packable design", "reflective details"],
            ["weekend hikes", "the gym", "long rides", "family camping", "early-morning runs"],
            [
                new("Camping", ["Tent", "Sleeping Bag", "Camping Stove", "Headlamp", "Cooler"], 12, 699),
                new("Fitness", ["Yoga Mat", "Dumbbell Set", "Kettlebell", "Resistance Bands", "Exercise Bike"], 9, 1199),
                new("Cycling", ["Bike Helmet", "Bike Light", "Cycling Jersey", "Bike Lock", "Road Bike"], 12, 2499),
                new("Running", ["Running Vest", "Running Shorts", "Water Bottle", "Armband", "Running Jacket"], 9, 199),
                new("Water Sports", ["Paddle Board", "Wetsuit", "Swim Goggles", "Dry Bag", "Life Jacket"], 9, 899),
            ]),
        new("Books", "BK", "#7c3aed",
            ["Illustrated", "Collected", "Complete", "Pocket", "Hardcover", "Annotated", "Essential"],
            ["hardcover", "paperback", "clothbound"],
            ["an introduction by the author", "full-colour illustrations", "a ribbon bookmark", "an index and notes"],
            ["curious readers", "book clubs", "long journeys", "gifting", "quiet evenings"],
            [
                new("Fiction", ["Novel", "Short Stories", "Thriller", "Mystery", "Saga"], 7, 39),
                new("Non-Fiction", ["Biography", "History", "Guide", "Essays", "Atlas"], 9, 59),
                new("Children's Books", ["Picture Book", "Bedtime Stories", "Activity Book", "Storybook"], 5, 29),
                new("Cookbooks", ["Cookbook", "Baking Book", "Recipe Collection"], 12, 49),
            ]),
        new("Toys & Games", "TG", "#eab308",
            ["Deluxe", "Classic", "Junior", "Family", "Creative", "Magnetic", "Wooden", "Interactive"],
            ["sustainable wood", "BPA-free plastic", "recycled cardboard", "soft plush"],
            ["rounded safe edges", "easy-to-read rules", "hours of replay value", "a storage box"],
            ["family game night", "rainy afternoons", "ages 6 and up", "young builders", "party guests"],
            [
                new("Board Games", ["Board Game", "Card Game", "Strategy Game", "Party Game"], 9, 99),
                new("Building Sets", ["Building Set", "Construction Kit", "Marble Run", "Robot Kit"], 12, 249),
                new("Dolls & Figures", ["Doll", "Action Figure", "Dollhouse", "Plush Toy"], 7, 149),
                new("Puzzles", ["Jigsaw Puzzle", "3D Puzzle", "Puzzle Box", "Brain Teaser"], 6, 59),
            ]),
        new("Beauty & Health", "BH", "#0d9488",
            ["Gentle", "Hydrating", "Daily", "Organic", "Sensitive", "Revitalising", "Fragrance-Free"],
            ["natural oils", "hyaluronic acid", "aloe vera", "shea butter", "plant extracts"],
            ["dermatologist-tested formula", "a light, non-greasy texture", "recyclable packaging", "no parabens"],
            ["morning routines", "sensitive skin", "everyday care", "travel bags"],
            [
                new("Skincare", ["Moisturiser", "Cleanser", "Serum", "Sunscreen", "Face Mask"], 6, 89),
                new("Hair Care", ["Shampoo", "Conditioner", "Hair Dryer", "Hair Oil", "Straightener"], 5, 249),
                new("Fragrance", ["Eau de Parfum", "Eau de Toilette", "Body Mist", "Scented Candle"], 12, 149),
                new("Vitamins", ["Multivitamin", "Vitamin D", "Omega-3", "Protein Powder"], 7, 69),
            ]),
        new("Garden & Tools", "GT", "#65a30d",
            ["Cordless", "Heavy-Duty", "Compact", "Ergonomic", "Professional", "Weatherproof"],
            ["hardened steel", "powder-coated aluminium", "FSC-certified acacia", "fibreglass"],
            ["a brushless motor", "two batteries included", "a lifetime warranty", "a comfortable grip"],
            ["weekend projects", "small gardens", "the workshop", "home repairs"],
            [
                new("Power Tools", ["Drill", "Impact Driver", "Circular Saw", "Sander", "Jigsaw"], 39, 599),
                new("Hand Tools", ["Screwdriver Set", "Hammer", "Wrench Set", "Toolbox", "Tape Measure"], 7, 199),
                new("Gardening", ["Lawn Mower", "Hose Reel", "Pruning Shears", "Planter", "Leaf Blower"], 9, 799),
                new("Outdoor Furniture", ["Garden Bench", "Patio Set", "Parasol", "Hammock", "Lounger"], 39, 1499),
            ]),
        new("Grocery", "GR", "#b45309",
            ["Organic", "Single-Origin", "Fair Trade", "Artisan", "Classic", "Roasted"],
            ["whole beans", "loose leaf", "stone-ground flour", "cold-pressed oil"],
            ["a resealable pack", "rich, balanced flavour", "no artificial additives", "sustainable sourcing"],
            ["slow mornings", "the pantry", "gift baskets", "everyday cooking"],
            [
                new("Coffee & Tea", ["Coffee Beans", "Ground Coffee", "Green Tea", "Herbal Tea", "Espresso Pods"], 4, 49),
                new("Snacks", ["Dark Chocolate", "Trail Mix", "Granola", "Crackers", "Almonds"], 2, 29),
                new("Pantry", ["Olive Oil", "Pasta", "Honey", "Spice Set", "Rice"], 2, 39),
            ]),
        new("Pet Supplies", "PS", "#0891b2",
            ["Durable", "Orthopedic", "Interactive", "Washable", "Grain-Free", "Reflective"],
            ["chew-resistant nylon", "memory foam", "natural rubber", "stainless steel"],
            ["a machine-washable cover", "a non-slip base", "vet-approved design", "easy cleaning"],
            ["large dogs", "indoor cats", "puppies", "long walks"],
            [
                new("Dogs", ["Dog Bed", "Dog Leash", "Chew Toy", "Dog Food", "Dog Harness"], 5, 199),
                new("Cats", ["Cat Tree", "Scratching Post", "Cat Litter", "Cat Toy", "Cat Food"], 4, 249),
                new("Aquarium", ["Aquarium Filter", "Fish Tank", "Aquarium Heater", "Fish Food"], 4, 499),
            ]),
        new("Automotive", "AU", "#475569",
            ["Heavy-Duty", "Universal", "Premium", "Quick-Fit", "All-Season"],
            ["microfibre", "vulcanised rubber", "ABS plastic", "stainless steel"],
            ["a universal fit", "a scratch-free finish", "tool-free installation", "a 12 V plug"],
            ["road trips", "daily commutes", "winter driving", "weekend detailing"],
            [
                new("Car Care", ["Car Wax", "Microfibre Cloths", "Pressure Washer", "Car Vacuum"], 5, 299),
                new("Car Accessories", ["Dash Cam", "Phone Mount", "Seat Covers", "Roof Box", "Jump Starter"], 9, 599),
            ]),
        new("Office", "OF", "#9333ea",
            ["Ergonomic", "Height-Adjustable", "Minimal", "Refillable", "Wireless", "Executive"],
            ["recycled paper", "bamboo", "powder-coated steel", "breathable mesh"],
            ["lumbar support", "smooth-gliding castors", "acid-free pages", "a quiet mechanism"],
            ["long workdays", "students", "the home office", "creative work"],
            [
                new("Stationery", ["Notebook", "Fountain Pen", "Planner", "Sticky Notes", "Pencil Set"], 2, 89),
                new("Desks & Chairs", ["Standing Desk", "Office Chair", "Monitor Arm", "Footrest"], 19, 1199),
                new("Printers", ["Laser Printer", "Inkjet Printer", "Label Printer", "Scanner"], 49, 899),
            ]),
    ];

    public static readonly string[] BrandStems =
        ["Nord", "Lumi", "Vex", "Astra", "Kora", "Zen", "Bright", "Terra", "Nova", "Opti", "Peak", "Urban", "Solo", "Echo", "Pure",
         "Vita", "Crest", "Iron", "Blue", "Maple", "Alto", "Cedar", "Halo", "Pixel", "Riva", "Stone", "Tide", "Volt", "Wild", "Arc"];

    public static readonly string[] BrandEndings = ["vik", "ora", "tek", "line", "wave", "craft", "works", "field", "ion", "lab", "home", "gear"];
}
