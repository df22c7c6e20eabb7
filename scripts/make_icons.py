"""Draw resources/icons/support-assistant.{png,ico,icns} (the shapes of support-assistant.svg)."""

from pathlib import Path

from PIL import Image, ImageDraw

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
BLUE, WHITE = (31, 111, 235, 255), (255, 255, 255, 255)


def draw(size: int = 1024) -> Image.Image:
    """The icon at ``size`` pixels, from the SVG's 256-unit coordinates."""
    s = size / 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle([16 * s, 24 * s, 240 * s, 192 * s], radius=36 * s, fill=BLUE)
    pen.polygon([(64 * s, 184 * s), (64 * s, 240 * s), (120 * s, 184 * s)], fill=BLUE)
    pen.line([(76 * s, 110 * s), (112 * s, 146 * s), (182 * s, 74 * s)], fill=WHITE,
             width=round(24 * s), joint="curve")
    return image


if __name__ == "__main__":
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(ICONS / "support-assistant.png", optimize=True)
    big.save(ICONS / "support-assistant.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    big.save(ICONS / "support-assistant.icns")
