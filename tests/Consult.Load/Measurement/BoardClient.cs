namespace Consult.Load.Measurement;

/// <summary><c>--board-client</c>: what opens a boards run's boards.</summary>
public enum BoardClient
{
    /// <summary><c>pages</c>: Chromium pages (<see cref="BoardPages"/>).</summary>
    Pages,

    /// <summary><c>thin</c>: thin circuits speaking Blazor's protocol in this tool's process (<see cref="ThinBoards"/>).</summary>
    Thin,

    /// <summary><c>thin-apart</c>: the thin circuits in a child process (<see cref="ApartBoards"/>).</summary>
    ThinApart,

    /// <summary><c>thin-idle</c>: that child at the kernel's idle priority.</summary>
    ThinIdle,
}
