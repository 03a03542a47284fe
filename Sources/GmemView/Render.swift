import GmemModel

/// The frame of `view` and `state` on a screen of `size`: `GmemView.render(view, state, size: size)`.
public func render(_ view: any StateView, _ state: ViewState, size: ScreenSize) -> Screen {
  Renderer.render(view, state, size: size)
}
